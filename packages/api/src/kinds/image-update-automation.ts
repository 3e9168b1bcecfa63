import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration } from '../schema/duration.js';
import { commonStatusFields, DateTime, LabelSelector, LocalObjectReference, StringMap } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { GitRepositoryRefSchema } from './git-repository.js';
import { ImageRefSchema } from './image-policy.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const ImageUpdateAutomationSpecSchema = Type.Object(
  {
    sourceRef: Type.Object(
      {
        apiVersion: Type.Optional(Type.String()),
        kind: StringEnum(['GitRepository'] as const, { default: 'GitRepository' }),
        name: Type.String(),
        namespace: Type.Optional(Type.String()),
      },
      { description: 'The GitRepository to update.' },
    ),
    git: Type.Optional(
      Type.Object({
        checkout: Type.Optional(Type.Object({ ref: GitRepositoryRefSchema })),
        commit: Type.Object({
          author: Type.Object({ email: Type.String(), name: Type.Optional(Type.String()) }),
          signingKey: Type.Optional(Type.Object({ secretRef: Type.Optional(LocalObjectReference()) })),
          messageTemplate: Type.Optional(Type.String()),
          messageTemplateValues: Type.Optional(StringMap()),
        }),
        push: Type.Optional(
          Type.Object({
            branch: Type.Optional(Type.String({ description: 'Branch to push to; the checkout branch by default.' })),
            refspec: Type.Optional(
              Type.String({ description: 'Refspec to push as well, e.g. refs/heads/main:refs/heads/auto.' }),
            ),
            options: Type.Optional(StringMap()),
            branchPrefix: Type.Optional(
              Type.String({
                minLength: 1,
                description:
                  'Driftless: push each update to a new branch, <branchPrefix><hash of the change>, created from the checkout branch, so that a person reviews it before it reaches the watched branch. Not together with branch.',
              }),
            ),
          }),
        ),
      }),
    ),
    interval: Duration({ description: 'How often to run the automation.' }),
    policySelector: Type.Optional(LabelSelector('Which ImagePolicies to use; all in the namespace by default.')),
    update: Type.Optional(
      Type.Object(
        {
          path: Type.Optional(Type.String()),
          strategy: StringEnum(['Setters'] as const, { default: 'Setters' }),
        },
        { default: { strategy: 'Setters' }, description: 'How files are updated.' },
      ),
    ),
    suspend: Type.Optional(Type.Boolean()),
  },
  { description: 'ImageUpdateAutomationSpec: which repository to update from which policies.' },
);

export const ImageUpdateAutomationStatusSchema = Type.Object({
  ...commonStatusFields,
  lastAutomationRunTime: Type.Optional(DateTime()),
  lastPushCommit: Type.Optional(Type.String()),
  lastPushTime: Type.Optional(DateTime()),
  observedPolicies: Type.Optional(Type.Record(Type.String(), ImageRefSchema)),
  observedSourceRevision: Type.Optional(Type.String()),
});

export const ImageUpdateAutomationSchema = kubeObject({
  group: ApiGroup.Image,
  versions: ['v1', 'v1beta2'],
  kind: 'ImageUpdateAutomation',
  description: 'ImageUpdateAutomation commits the images chosen by ImagePolicies to a Git repository.',
  spec: ImageUpdateAutomationSpecSchema,
  status: ImageUpdateAutomationStatusSchema,
});

export type ImageUpdateAutomationSpec = Static<typeof ImageUpdateAutomationSpecSchema>;
export type ImageUpdateAutomationStatus = Static<typeof ImageUpdateAutomationStatusSchema>;
export type ImageUpdateAutomation = Static<typeof ImageUpdateAutomationSchema>;

export const imageUpdateAutomationDefinition: KindDefinition = {
  group: ApiGroup.Image,
  kind: 'ImageUpdateAutomation',
  plural: 'imageupdateautomations',
  singular: 'imageupdateautomation',
  shortNames: ['iua', 'imgupd', 'imgauto'],
  categories: FluxCategories,
  namespaced: true,
  description: ImageUpdateAutomationSchema.description!,
  versions: [
    { name: 'v1', storage: true },
    {
      name: 'v1beta2',
      storage: false,
      deprecationWarning: 'v1beta2 ImageUpdateAutomation is deprecated, upgrade to v1',
    },
  ],
  printerColumns: [
    { name: 'Last run', type: 'string', jsonPath: '.status.lastAutomationRunTime' },
    Column.ready,
    Column.status,
    Column.age,
  ],
  spec: ImageUpdateAutomationSpecSchema,
  status: ImageUpdateAutomationStatusSchema,
  schema: ImageUpdateAutomationSchema,
};
