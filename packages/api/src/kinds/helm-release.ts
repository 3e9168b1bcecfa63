import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration } from '../schema/duration.js';
import {
  CommonMetadata,
  commonStatusFields,
  DateTime,
  ImageOverride,
  Int64,
  KubeConfigReference,
  LocalObjectReference,
  NamespacedObjectReference,
  Patch,
  PreservedJson,
  PreservedObject,
  StringMap,
  ValuesReference,
} from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

const CrdPolicy = StringEnum(['Skip', 'Create', 'CreateReplace'] as const, {
  description: 'How CRDs in the chart are handled.',
});

const remediationFields = {
  retries: Type.Optional(Type.Integer({ description: 'Attempts before giving up; negative means forever.' })),
  ignoreTestFailures: Type.Optional(Type.Boolean()),
  remediateLastFailure: Type.Optional(Type.Boolean()),
};

const actionFlags = {
  timeout: Type.Optional(Duration()),
  disableWait: Type.Optional(Type.Boolean()),
  disableWaitForJobs: Type.Optional(Type.Boolean()),
  disableHooks: Type.Optional(Type.Boolean()),
};

export const HelmChartTemplateSchema = Type.Object(
  {
    metadata: Type.Optional(
      Type.Object({ labels: Type.Optional(StringMap()), annotations: Type.Optional(StringMap()) }),
    ),
    spec: Type.Object({
      chart: Type.String({ minLength: 1, maxLength: 2048, description: 'Chart name or path in the source.' }),
      version: Type.Optional(Type.String({ default: '*', description: 'SemVer range of the chart version.' })),
      sourceRef: Type.Object({
        apiVersion: Type.Optional(Type.String()),
        kind: StringEnum(['HelmRepository', 'GitRepository', 'Bucket'] as const),
        name: Type.String({ minLength: 1, maxLength: 253 }),
        namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
      }),
      interval: Type.Optional(Duration()),
      reconcileStrategy: Type.Optional(StringEnum(['ChartVersion', 'Revision'] as const, { default: 'ChartVersion' })),
      valuesFiles: Type.Optional(Type.Array(Type.String())),
      ignoreMissingValuesFiles: Type.Optional(Type.Boolean()),
      verify: Type.Optional(
        Type.Object({
          provider: StringEnum(['cosign', 'notation'] as const, { default: 'cosign' }),
          secretRef: Type.Optional(LocalObjectReference()),
        }),
      ),
    }),
  },
  { description: 'Template of the HelmChart the controller creates for this release.' },
);

export const HelmReleaseSpecSchema = Type.Object(
  {
    chart: Type.Optional(HelmChartTemplateSchema),
    chartRef: Type.Optional(
      Type.Object(
        {
          apiVersion: Type.Optional(Type.String()),
          kind: StringEnum(['OCIRepository', 'HelmChart', 'ExternalArtifact'] as const),
          name: Type.String({ minLength: 1, maxLength: 253 }),
          namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
        },
        { description: 'An existing chart source to use instead of `chart`.' },
      ),
    ),
    interval: Duration({ description: 'How often to reconcile the release.' }),
    kubeConfig: Type.Optional(KubeConfigReference()),
    suspend: Type.Optional(Type.Boolean()),
    releaseName: Type.Optional(Type.String({ minLength: 1, maxLength: 53 })),
    targetNamespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    storageNamespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    dependsOn: Type.Optional(Type.Array(NamespacedObjectReference())),
    timeout: Type.Optional(Duration({ description: 'Default timeout of every Helm action.' })),
    maxHistory: Type.Optional(Type.Integer({ description: 'Release revisions kept; 0 keeps all. Default 5.' })),
    serviceAccountName: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
    persistentClient: Type.Optional(Type.Boolean()),
    driftDetection: Type.Optional(
      Type.Object({
        mode: Type.Optional(StringEnum(['enabled', 'warn', 'disabled'] as const)),
        ignore: Type.Optional(
          Type.Array(
            Type.Object({
              paths: Type.Array(Type.String(), { description: 'JSON pointers to ignore.' }),
              target: Type.Optional(PreservedObject()),
            }),
          ),
        ),
      }),
    ),
    install: Type.Optional(
      Type.Object({
        ...actionFlags,
        remediation: Type.Optional(Type.Object(remediationFields)),
        disableOpenAPIValidation: Type.Optional(Type.Boolean()),
        disableSchemaValidation: Type.Optional(Type.Boolean()),
        replace: Type.Optional(Type.Boolean()),
        skipCRDs: Type.Optional(Type.Boolean()),
        crds: Type.Optional(CrdPolicy),
        createNamespace: Type.Optional(Type.Boolean()),
      }),
    ),
    upgrade: Type.Optional(
      Type.Object({
        ...actionFlags,
        remediation: Type.Optional(
          Type.Object({
            ...remediationFields,
            strategy: Type.Optional(StringEnum(['rollback', 'uninstall'] as const)),
          }),
        ),
        disableOpenAPIValidation: Type.Optional(Type.Boolean()),
        disableSchemaValidation: Type.Optional(Type.Boolean()),
        force: Type.Optional(Type.Boolean()),
        preserveValues: Type.Optional(Type.Boolean()),
        cleanupOnFail: Type.Optional(Type.Boolean()),
        crds: Type.Optional(CrdPolicy),
      }),
    ),
    test: Type.Optional(
      Type.Object({
        enable: Type.Optional(Type.Boolean()),
        timeout: Type.Optional(Duration()),
        ignoreFailures: Type.Optional(Type.Boolean()),
        filters: Type.Optional(
          Type.Array(Type.Object({ name: Type.String(), exclude: Type.Optional(Type.Boolean()) })),
        ),
      }),
    ),
    rollback: Type.Optional(
      Type.Object({
        ...actionFlags,
        recreate: Type.Optional(Type.Boolean()),
        force: Type.Optional(Type.Boolean()),
        cleanupOnFail: Type.Optional(Type.Boolean()),
      }),
    ),
    uninstall: Type.Optional(
      Type.Object({
        timeout: Type.Optional(Duration()),
        disableHooks: Type.Optional(Type.Boolean()),
        keepHistory: Type.Optional(Type.Boolean()),
        disableWait: Type.Optional(Type.Boolean()),
        deletionPropagation: Type.Optional(
          StringEnum(['background', 'foreground', 'orphan'] as const, { default: 'background' }),
        ),
      }),
    ),
    valuesFrom: Type.Optional(Type.Array(ValuesReference(), { description: 'Secrets and ConfigMaps with values.' })),
    values: Type.Optional(PreservedJson({ description: 'Values for the chart, merged over valuesFrom.' })),
    postRenderers: Type.Optional(
      Type.Array(
        Type.Object({
          kustomize: Type.Optional(
            Type.Object({
              patches: Type.Optional(Type.Array(Patch())),
              images: Type.Optional(Type.Array(ImageOverride())),
            }),
          ),
        }),
      ),
    ),
    commonMetadata: Type.Optional(CommonMetadata()),
  },
  { description: 'HelmReleaseSpec: which chart to release, with which values and how.' },
);

export const HelmReleaseSnapshotSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  digest: Type.String(),
  name: Type.String(),
  namespace: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  chartName: Type.String(),
  chartVersion: Type.String(),
  appVersion: Type.Optional(Type.String()),
  configDigest: Type.String(),
  firstDeployed: DateTime(),
  lastDeployed: DateTime(),
  deleted: Type.Optional(DateTime()),
  testHooks: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({
        lastStarted: Type.Optional(DateTime()),
        lastCompleted: Type.Optional(DateTime()),
        phase: Type.Optional(Type.String()),
      }),
    ),
  ),
  ociDigest: Type.Optional(Type.String()),
});

export const HelmReleaseStatusSchema = Type.Object({
  ...commonStatusFields,
  observedPostRenderersDigest: Type.Optional(Type.String()),
  lastAttemptedGeneration: Type.Optional(Int64()),
  helmChart: Type.Optional(Type.String({ description: '<namespace>/<name> of the HelmChart in use.' })),
  storageNamespace: Type.Optional(Type.String()),
  history: Type.Optional(Type.Array(HelmReleaseSnapshotSchema, { description: 'Latest release first.' })),
  lastAttemptedReleaseAction: Type.Optional(StringEnum(['install', 'upgrade'] as const)),
  failures: Type.Optional(Int64()),
  installFailures: Type.Optional(Int64()),
  upgradeFailures: Type.Optional(Int64()),
  lastAttemptedRevision: Type.Optional(Type.String()),
  lastAttemptedRevisionDigest: Type.Optional(Type.String()),
  lastAttemptedValuesChecksum: Type.Optional(Type.String()),
  lastAttemptedConfigDigest: Type.Optional(Type.String()),
  lastHandledForceAt: Type.Optional(Type.String()),
  lastHandledResetAt: Type.Optional(Type.String()),
});

export const HelmReleaseSchema = kubeObject({
  group: ApiGroup.Helm,
  versions: ['v2'],
  kind: 'HelmRelease',
  description: 'HelmRelease installs and upgrades a Helm chart release.',
  spec: HelmReleaseSpecSchema,
  status: HelmReleaseStatusSchema,
});

export type HelmReleaseSpec = Static<typeof HelmReleaseSpecSchema>;
export type HelmReleaseStatus = Static<typeof HelmReleaseStatusSchema>;
export type HelmReleaseSnapshot = Static<typeof HelmReleaseSnapshotSchema>;
export type HelmRelease = Static<typeof HelmReleaseSchema>;

export const helmReleaseDefinition: KindDefinition = {
  group: ApiGroup.Helm,
  kind: 'HelmRelease',
  plural: 'helmreleases',
  singular: 'helmrelease',
  shortNames: ['hr'],
  categories: FluxCategories,
  namespaced: true,
  description: HelmReleaseSchema.description!,
  versions: [{ name: 'v2', storage: true }],
  printerColumns: [Column.age, Column.ready, Column.status],
  spec: HelmReleaseSpecSchema,
  status: HelmReleaseStatusSchema,
  schema: HelmReleaseSchema,
};
