import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration, Timeout } from '../schema/duration.js';
import { AccessFrom, ArtifactSchema, commonStatusFields, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const HelmRepositorySpecSchema = Type.Object(
  {
    url: Type.String({ pattern: '^(http|https|oci)://.*$', description: 'Address of the Helm repository index.' }),
    secretRef: Type.Optional(LocalObjectReference('Secret with the repository credentials.')),
    certSecretRef: Type.Optional(LocalObjectReference('Secret with TLS client certificate and CA.')),
    passCredentials: Type.Optional(Type.Boolean({ description: 'Send the credentials to other hosts too.' })),
    insecure: Type.Optional(Type.Boolean({ description: 'Allow plain HTTP for an OCI registry.' })),
    interval: Type.Optional(Duration({ description: 'How often to download the index.' })),
    timeout: Type.Optional(Timeout({ description: 'Timeout for fetching the index.' })),
    suspend: Type.Optional(Type.Boolean()),
    accessFrom: Type.Optional(AccessFrom()),
    type: Type.Optional(StringEnum(['default', 'oci'] as const, { description: 'Repository type.' })),
    provider: Type.Optional(
      StringEnum(['generic', 'aws', 'azure', 'gcp'] as const, {
        default: 'generic',
        description: 'Provider used for authentication with an OCI registry.',
      }),
    ),
  },
  { description: 'HelmRepositorySpec: where a Helm repository is and how to fetch it.' },
);

export const HelmRepositoryStatusSchema = Type.Object({
  ...commonStatusFields,
  url: Type.Optional(Type.String({ description: 'Address of the artifact of the last index download.' })),
  artifact: Type.Optional(ArtifactSchema),
});

export const HelmRepositorySchema = kubeObject({
  group: ApiGroup.Source,
  versions: ['v1'],
  kind: 'HelmRepository',
  description: 'HelmRepository fetches the index of a Helm chart repository.',
  spec: HelmRepositorySpecSchema,
  status: HelmRepositoryStatusSchema,
});

export type HelmRepositorySpec = Static<typeof HelmRepositorySpecSchema>;
export type HelmRepositoryStatus = Static<typeof HelmRepositoryStatusSchema>;
export type HelmRepository = Static<typeof HelmRepositorySchema>;

export const helmRepositoryDefinition: KindDefinition = {
  group: ApiGroup.Source,
  kind: 'HelmRepository',
  plural: 'helmrepositories',
  singular: 'helmrepository',
  shortNames: ['helmrepo'],
  categories: FluxCategories,
  namespaced: true,
  description: HelmRepositorySchema.description!,
  versions: [{ name: 'v1', storage: true }],
  printerColumns: [{ name: 'URL', type: 'string', jsonPath: '.spec.url' }, Column.age, Column.ready, Column.status],
  spec: HelmRepositorySpecSchema,
  status: HelmRepositoryStatusSchema,
  schema: HelmRepositorySchema,
};
