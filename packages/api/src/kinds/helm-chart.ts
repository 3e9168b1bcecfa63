import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration } from '../schema/duration.js';
import { ArtifactSchema, commonStatusFields, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const OCIVerificationSchema = Type.Object(
  {
    provider: StringEnum(['cosign', 'notation'] as const, { default: 'cosign' }),
    secretRef: Type.Optional(LocalObjectReference('Secret with the trusted public keys or certificates.')),
    matchOIDCIdentity: Type.Optional(Type.Array(Type.Object({ issuer: Type.String(), subject: Type.String() }))),
  },
  { description: 'Verify the signature of the OCI artifact.' },
);

export const HelmChartSpecSchema = Type.Object(
  {
    chart: Type.String({ description: 'Chart name (Helm repository) or path (Git, Bucket).' }),
    version: Type.Optional(Type.String({ default: '*', description: 'SemVer range; ignored for Git and Bucket.' })),
    sourceRef: Type.Object(
      {
        apiVersion: Type.Optional(Type.String()),
        kind: StringEnum(['HelmRepository', 'GitRepository', 'Bucket'] as const),
        name: Type.String(),
      },
      { description: 'Where the chart comes from.' },
    ),
    interval: Duration({ description: 'How often to check the source for a new chart.' }),
    reconcileStrategy: Type.Optional(
      StringEnum(['ChartVersion', 'Revision'] as const, {
        default: 'ChartVersion',
        description: 'What makes a new artifact: a new chart version or a new source revision.',
      }),
    ),
    valuesFiles: Type.Optional(Type.Array(Type.String(), { description: 'Values files merged into values.yaml.' })),
    ignoreMissingValuesFiles: Type.Optional(Type.Boolean()),
    suspend: Type.Optional(Type.Boolean()),
    verify: Type.Optional(OCIVerificationSchema),
  },
  { description: 'HelmChartSpec: which chart to package from which source.' },
);

export const HelmChartStatusSchema = Type.Object({
  ...commonStatusFields,
  observedSourceArtifactRevision: Type.Optional(Type.String()),
  observedChartName: Type.Optional(Type.String()),
  observedValuesFiles: Type.Optional(Type.Array(Type.String())),
  url: Type.Optional(Type.String()),
  artifact: Type.Optional(ArtifactSchema),
});

export const HelmChartSchema = kubeObject({
  group: ApiGroup.Source,
  versions: ['v1'],
  kind: 'HelmChart',
  description: 'HelmChart packages a Helm chart from a HelmRepository, GitRepository or Bucket.',
  spec: HelmChartSpecSchema,
  status: HelmChartStatusSchema,
});

export type HelmChartSpec = Static<typeof HelmChartSpecSchema>;
export type HelmChartStatus = Static<typeof HelmChartStatusSchema>;
export type HelmChart = Static<typeof HelmChartSchema>;

export const helmChartDefinition: KindDefinition = {
  group: ApiGroup.Source,
  kind: 'HelmChart',
  plural: 'helmcharts',
  singular: 'helmchart',
  shortNames: ['hc'],
  categories: FluxCategories,
  namespaced: true,
  description: HelmChartSchema.description!,
  versions: [{ name: 'v1', storage: true }],
  printerColumns: [
    { name: 'Chart', type: 'string', jsonPath: '.spec.chart' },
    { name: 'Version', type: 'string', jsonPath: '.spec.version' },
    { name: 'Source Kind', type: 'string', jsonPath: '.spec.sourceRef.kind' },
    { name: 'Source Name', type: 'string', jsonPath: '.spec.sourceRef.name' },
    Column.age,
    Column.ready,
    Column.status,
  ],
  spec: HelmChartSpecSchema,
  status: HelmChartStatusSchema,
  schema: HelmChartSchema,
};
