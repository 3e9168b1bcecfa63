import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration } from '../schema/duration.js';
import {
  CommonMetadata,
  commonStatusFields,
  ImageOverride,
  KubeConfigReference,
  LocalObjectReference,
  NamespacedObjectKindReference,
  Patch,
  PreservedObject,
  StringMap,
} from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const KustomizationSpecSchema = Type.Object(
  {
    sourceRef: Type.Object(
      {
        apiVersion: Type.Optional(Type.String()),
        kind: StringEnum(['OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact'] as const),
        name: Type.String(),
        namespace: Type.Optional(Type.String()),
      },
      { description: 'The source whose artifact holds the manifests.' },
    ),
    path: Type.Optional(
      Type.String({ description: 'Directory in the artifact with the manifests; the root by default.' }),
    ),
    interval: Duration({ description: 'How often to reconcile, and so to correct drift.' }),
    retryInterval: Type.Optional(Duration({ description: 'How soon to retry after a failure; interval by default.' })),
    timeout: Type.Optional(Duration({ description: 'Timeout for build, apply and health checks.' })),
    prune: Type.Boolean({ description: 'Delete objects that are no longer in the source.' }),
    wait: Type.Optional(Type.Boolean({ description: 'Wait for every applied object to become ready.' })),
    force: Type.Optional(Type.Boolean({ default: false, description: 'Recreate objects with immutable changes.' })),
    healthChecks: Type.Optional(Type.Array(NamespacedObjectKindReference(), { description: 'Objects to wait for.' })),
    healthCheckExprs: Type.Optional(
      Type.Array(
        Type.Object({
          apiVersion: Type.String(),
          kind: Type.String(),
          current: Type.String(),
          inProgress: Type.Optional(Type.String()),
          failed: Type.Optional(Type.String()),
        }),
      ),
    ),
    dependsOn: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ description: 'Name of the referent.' }),
          namespace: Type.Optional(
            Type.String({ description: 'Namespace of the referent; defaults to the object own.' }),
          ),
          kind: Type.Optional(
            Type.String({
              description:
                'Driftless: the kind of the referent (e.g. HelmRelease), read from the readiness bucket on NATS; a Kustomization when unset.',
            }),
          ),
        }),
        { description: 'Objects that must be ready before this one.' },
      ),
    ),
    driftDetection: Type.Optional(
      Type.Object(
        {
          mode: Type.Optional(
            StringEnum(['enabled', 'warn', 'disabled'] as const, {
              description:
                'enabled corrects drift as it happens, warn only reports it, disabled leaves it to the interval.',
            }),
          ),
        },
        { description: 'Driftless: how changes made to applied objects outside Git are handled.' },
      ),
    ),
    ignore: Type.Optional(
      Type.Array(
        Type.Object({
          paths: Type.Array(Type.String(), {
            description: 'JSON pointers of fields that are not drift, e.g. /spec/replicas.',
          }),
          target: Type.Optional(PreservedObject({ description: 'Kustomize selector of the objects; all when unset.' })),
        }),
        { description: 'Driftless: fields excluded from drift detection and correction.' },
      ),
    ),
    postBuild: Type.Optional(
      Type.Object(
        {
          substitute: Type.Optional(StringMap({ description: 'Variables substituted into the manifests.' })),
          substituteFrom: Type.Optional(
            Type.Array(
              Type.Object({
                kind: StringEnum(['Secret', 'ConfigMap'] as const),
                name: Type.String(),
                optional: Type.Optional(Type.Boolean({ default: false })),
              }),
            ),
          ),
        },
        { description: 'Variable substitution after the kustomize build.' },
      ),
    ),
    patches: Type.Optional(Type.Array(Patch(), { description: 'Patches applied to the built manifests.' })),
    images: Type.Optional(Type.Array(ImageOverride(), { description: 'Image overrides.' })),
    components: Type.Optional(Type.Array(Type.String(), { description: 'Kustomize components to include.' })),
    targetNamespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    nameSuffix: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    commonMetadata: Type.Optional(CommonMetadata()),
    decryption: Type.Optional(
      Type.Object(
        {
          provider: StringEnum(['sops'] as const),
          secretRef: Type.Optional(LocalObjectReference('Secret with the decryption keys.')),
        },
        { description: 'Decrypt SOPS-encrypted manifests.' },
      ),
    ),
    kubeConfig: Type.Optional(KubeConfigReference()),
    serviceAccountName: Type.Optional(Type.String({ description: 'Service account to impersonate when applying.' })),
    suspend: Type.Optional(Type.Boolean()),
    deletionPolicy: Type.Optional(
      StringEnum(['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'] as const, {
        description: 'What happens to the applied objects when the Kustomization is deleted.',
      }),
    ),
  },
  { description: 'KustomizationSpec: what to build from which source, and how to apply it.' },
);

export const ResourceInventorySchema = Type.Object(
  {
    entries: Type.Array(
      Type.Object({
        id: Type.String({ description: '<namespace>_<name>_<group>_<kind>' }),
        v: Type.String({ description: 'API version of the object.' }),
      }),
    ),
  },
  { description: 'The objects applied by the last successful reconcile.' },
);

export const KustomizationStatusSchema = Type.Object({
  ...commonStatusFields,
  lastAppliedRevision: Type.Optional(Type.String()),
  lastAppliedOriginRevision: Type.Optional(Type.String()),
  lastAttemptedRevision: Type.Optional(Type.String()),
  inventory: Type.Optional(ResourceInventorySchema),
});

export const KustomizationSchema = kubeObject({
  group: ApiGroup.Kustomize,
  versions: ['v1'],
  kind: 'Kustomization',
  description: 'Kustomization builds manifests from a source artifact and applies them to the cluster.',
  spec: KustomizationSpecSchema,
  status: KustomizationStatusSchema,
});

export type KustomizationSpec = Static<typeof KustomizationSpecSchema>;
export type KustomizationStatus = Static<typeof KustomizationStatusSchema>;
export type ResourceInventory = Static<typeof ResourceInventorySchema>;
export type Kustomization = Static<typeof KustomizationSchema>;

export const kustomizationDefinition: KindDefinition = {
  group: ApiGroup.Kustomize,
  kind: 'Kustomization',
  plural: 'kustomizations',
  singular: 'kustomization',
  shortNames: ['ks'],
  categories: FluxCategories,
  namespaced: true,
  description: KustomizationSchema.description!,
  versions: [{ name: 'v1', storage: true }],
  printerColumns: [Column.age, Column.ready, Column.status],
  spec: KustomizationSpecSchema,
  status: KustomizationStatusSchema,
  schema: KustomizationSchema,
};
