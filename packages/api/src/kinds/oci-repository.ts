import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration, Timeout } from '../schema/duration.js';
import { ArtifactSchema, commonStatusFields, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { OCIVerificationSchema } from './helm-chart.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const OCILayerSelectorSchema = Type.Object(
  {
    mediaType: Type.Optional(Type.String()),
    operation: Type.Optional(StringEnum(['extract', 'copy'] as const)),
  },
  { description: 'Which layer of the artifact to use and how.' },
);

export const OCIRepositorySpecSchema = Type.Object(
  {
    url: Type.String({ pattern: '^oci://.*$', description: 'OCI repository address, e.g. oci://ghcr.io/org/app.' }),
    ref: Type.Optional(
      Type.Object(
        {
          digest: Type.Optional(Type.String()),
          semver: Type.Optional(Type.String()),
          semverFilter: Type.Optional(Type.String()),
          tag: Type.Optional(Type.String()),
        },
        { description: 'The artifact tag, SemVer range or digest to pull; `latest` when not set.' },
      ),
    ),
    layerSelector: Type.Optional(OCILayerSelectorSchema),
    provider: Type.Optional(StringEnum(['generic', 'aws', 'azure', 'gcp'] as const, { default: 'generic' })),
    secretRef: Type.Optional(LocalObjectReference('Secret of type kubernetes.io/dockerconfigjson.')),
    verify: Type.Optional(OCIVerificationSchema),
    serviceAccountName: Type.Optional(Type.String()),
    certSecretRef: Type.Optional(LocalObjectReference()),
    proxySecretRef: Type.Optional(LocalObjectReference()),
    interval: Duration({ description: 'How often to check the repository for a new artifact.' }),
    timeout: Type.Optional(Timeout({ default: '60s' })),
    ignore: Type.Optional(Type.String()),
    insecure: Type.Optional(Type.Boolean()),
    suspend: Type.Optional(Type.Boolean()),
  },
  { description: 'OCIRepositorySpec: which OCI artifact to pull.' },
);

export const OCIRepositoryStatusSchema = Type.Object({
  ...commonStatusFields,
  url: Type.Optional(Type.String()),
  artifact: Type.Optional(ArtifactSchema),
  observedIgnore: Type.Optional(Type.String()),
  observedLayerSelector: Type.Optional(OCILayerSelectorSchema),
});

export const OCIRepositorySchema = kubeObject({
  group: ApiGroup.Source,
  versions: ['v1', 'v1beta2'],
  kind: 'OCIRepository',
  description: 'OCIRepository pulls an artifact from an OCI registry.',
  spec: OCIRepositorySpecSchema,
  status: OCIRepositoryStatusSchema,
});

export type OCIRepositorySpec = Static<typeof OCIRepositorySpecSchema>;
export type OCIRepositoryStatus = Static<typeof OCIRepositoryStatusSchema>;
export type OCIRepository = Static<typeof OCIRepositorySchema>;

export const ociRepositoryDefinition: KindDefinition = {
  group: ApiGroup.Source,
  kind: 'OCIRepository',
  plural: 'ocirepositories',
  singular: 'ocirepository',
  shortNames: ['ocirepo'],
  categories: FluxCategories,
  namespaced: true,
  description: OCIRepositorySchema.description!,
  versions: [
    { name: 'v1', storage: true },
    { name: 'v1beta2', storage: false, deprecationWarning: 'v1beta2 OCIRepository is deprecated, upgrade to v1' },
  ],
  printerColumns: [{ name: 'URL', type: 'string', jsonPath: '.spec.url' }, Column.ready, Column.status, Column.age],
  spec: OCIRepositorySpecSchema,
  status: OCIRepositoryStatusSchema,
  schema: OCIRepositorySchema,
};
