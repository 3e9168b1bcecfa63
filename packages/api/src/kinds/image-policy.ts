import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration } from '../schema/duration.js';
import { commonStatusFields, NamespacedObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

const SortOrder = () => Type.Optional(StringEnum(['asc', 'desc'] as const, { default: 'asc' }));

export const ImageRefSchema = Type.Object({
  name: Type.String({ description: 'Image name without tag.' }),
  tag: Type.String(),
  digest: Type.Optional(Type.String()),
});

export const ImagePolicySpecSchema = Type.Object(
  {
    imageRepositoryRef: NamespacedObjectReference('The ImageRepository whose tags are chosen from.'),
    policy: Type.Object(
      {
        semver: Type.Optional(Type.Object({ range: Type.String({ description: 'SemVer range, e.g. >=1.0.0.' }) })),
        alphabetical: Type.Optional(Type.Object({ order: SortOrder() })),
        numerical: Type.Optional(Type.Object({ order: SortOrder() })),
      },
      { description: 'How the latest tag is chosen.' },
    ),
    filterTags: Type.Optional(
      Type.Object(
        { pattern: Type.Optional(Type.String()), extract: Type.Optional(Type.String()) },
        { description: 'Regular expression that tags must match, and the part to compare.' },
      ),
    ),
    digestReflectionPolicy: Type.Optional(
      StringEnum(['Always', 'IfNotPresent', 'Never'] as const, { default: 'Never' }),
    ),
    interval: Type.Optional(Duration({ description: 'Digest refresh interval, with digestReflectionPolicy Always.' })),
    suspend: Type.Optional(Type.Boolean()),
  },
  { description: 'ImagePolicySpec: how to choose the latest image of an ImageRepository.' },
);

export const ImagePolicyStatusSchema = Type.Object({
  ...commonStatusFields,
  latestRef: Type.Optional(ImageRefSchema),
  observedPreviousRef: Type.Optional(ImageRefSchema),
});

export const ImagePolicySchema = kubeObject({
  group: ApiGroup.Image,
  versions: ['v1', 'v1beta2'],
  kind: 'ImagePolicy',
  description: 'ImagePolicy chooses the latest image of an ImageRepository.',
  spec: ImagePolicySpecSchema,
  status: ImagePolicyStatusSchema,
});

export type ImagePolicySpec = Static<typeof ImagePolicySpecSchema>;
export type ImagePolicyStatus = Static<typeof ImagePolicyStatusSchema>;
export type ImagePolicy = Static<typeof ImagePolicySchema>;

export const imagePolicyDefinition: KindDefinition = {
  group: ApiGroup.Image,
  kind: 'ImagePolicy',
  plural: 'imagepolicies',
  singular: 'imagepolicy',
  shortNames: ['imgpol', 'imagepol'],
  categories: FluxCategories,
  namespaced: true,
  description: ImagePolicySchema.description!,
  versions: [
    { name: 'v1', storage: true },
    { name: 'v1beta2', storage: false, deprecationWarning: 'v1beta2 ImagePolicy is deprecated, upgrade to v1' },
  ],
  printerColumns: [
    { name: 'Image', type: 'string', jsonPath: '.status.latestRef.name' },
    { name: 'Tag', type: 'string', jsonPath: '.status.latestRef.tag' },
    Column.ready,
    Column.status,
    Column.age,
  ],
  spec: ImagePolicySpecSchema,
  status: ImagePolicyStatusSchema,
  schema: ImagePolicySchema,
};
