import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration, Timeout } from '../schema/duration.js';
import { AccessFrom, commonStatusFields, DateTime, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const ImageRepositorySpecSchema = Type.Object(
  {
    image: Type.String({ description: 'Image repository to scan, e.g. ghcr.io/org/app.' }),
    interval: Duration({ description: 'How often to scan the tags.' }),
    timeout: Type.Optional(Timeout({ description: 'Timeout of a scan; interval by default.' })),
    secretRef: Type.Optional(LocalObjectReference('Secret of type kubernetes.io/dockerconfigjson.')),
    serviceAccountName: Type.Optional(Type.String({ maxLength: 253 })),
    certSecretRef: Type.Optional(LocalObjectReference()),
    proxySecretRef: Type.Optional(LocalObjectReference()),
    accessFrom: Type.Optional(AccessFrom()),
    suspend: Type.Optional(Type.Boolean()),
    exclusionList: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 25,
        default: ['^.*\\.sig$'],
        description: 'Regular expressions of tags not to store.',
      }),
    ),
    insecure: Type.Optional(Type.Boolean()),
    provider: Type.Optional(StringEnum(['generic', 'aws', 'azure', 'gcp'] as const, { default: 'generic' })),
  },
  { description: 'ImageRepositorySpec: which image repository to scan.' },
);

export const ImageRepositoryStatusSchema = Type.Object({
  ...commonStatusFields,
  canonicalImageName: Type.Optional(Type.String()),
  lastScanResult: Type.Optional(
    Type.Object({
      revision: Type.Optional(Type.String()),
      tagCount: Type.Integer(),
      scanTime: Type.Optional(DateTime()),
      latestTags: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  observedExclusionList: Type.Optional(Type.Array(Type.String())),
});

export const ImageRepositorySchema = kubeObject({
  group: ApiGroup.Image,
  versions: ['v1', 'v1beta2'],
  kind: 'ImageRepository',
  description: 'ImageRepository scans the tags of a container image repository.',
  spec: ImageRepositorySpecSchema,
  status: ImageRepositoryStatusSchema,
});

export type ImageRepositorySpec = Static<typeof ImageRepositorySpecSchema>;
export type ImageRepositoryStatus = Static<typeof ImageRepositoryStatusSchema>;
export type ImageRepository = Static<typeof ImageRepositorySchema>;

export const imageRepositoryDefinition: KindDefinition = {
  group: ApiGroup.Image,
  kind: 'ImageRepository',
  plural: 'imagerepositories',
  singular: 'imagerepository',
  shortNames: ['imgrepo', 'imagerepo'],
  categories: FluxCategories,
  namespaced: true,
  description: ImageRepositorySchema.description!,
  versions: [
    { name: 'v1', storage: true },
    { name: 'v1beta2', storage: false, deprecationWarning: 'v1beta2 ImageRepository is deprecated, upgrade to v1' },
  ],
  printerColumns: [
    { name: 'Image', type: 'string', jsonPath: '.spec.image' },
    { name: 'Tags', type: 'string', jsonPath: '.status.lastScanResult.tagCount' },
    Column.ready,
    Column.status,
    { name: 'Last scan', type: 'string', jsonPath: '.status.lastScanResult.scanTime', priority: 1 },
    Column.age,
  ],
  spec: ImageRepositorySpecSchema,
  status: ImageRepositoryStatusSchema,
  schema: ImageRepositorySchema,
};
