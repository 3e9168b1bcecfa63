import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration } from '../schema/duration.js';
import { commonStatusFields, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { CrossNamespaceObjectReferenceSchema } from './alert.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const ReceiverTypes = [
  'generic',
  'generic-hmac',
  'github',
  'gitea',
  'gitlab',
  'bitbucket',
  'harbor',
  'dockerhub',
  'quay',
  'gcr',
  'nexus',
  'acr',
  'cdevents',
] as const;
export type ReceiverType = (typeof ReceiverTypes)[number];

export const ReceiverSpecSchema = Type.Object(
  {
    type: StringEnum(ReceiverTypes, { description: 'Which webhook payload to expect.' }),
    interval: Type.Optional(Duration({ default: '10m' })),
    events: Type.Optional(Type.Array(Type.String(), { description: 'Event types accepted, per the sender.' })),
    resources: Type.Array(CrossNamespaceObjectReferenceSchema, { description: 'Objects to reconcile on a hook.' }),
    resourceFilter: Type.Optional(Type.String({ description: 'CEL expression that selects resources.' })),
    secretRef: LocalObjectReference('Secret with the `token` that makes the webhook path and checks payloads.'),
    suspend: Type.Optional(Type.Boolean()),
  },
  { description: 'ReceiverSpec: which webhook triggers the reconcile of which objects.' },
);

export const ReceiverStatusSchema = Type.Object({
  ...commonStatusFields,
  webhookPath: Type.Optional(Type.String({ description: 'Path of the webhook, /hook/<sha256 of token+name+ns>.' })),
});

export const ReceiverSchema = kubeObject({
  group: ApiGroup.Notification,
  versions: ['v1'],
  kind: 'Receiver',
  description: 'Receiver turns incoming webhooks into reconcile requests.',
  spec: ReceiverSpecSchema,
  status: ReceiverStatusSchema,
});

export type ReceiverSpec = Static<typeof ReceiverSpecSchema>;
export type ReceiverStatus = Static<typeof ReceiverStatusSchema>;
export type Receiver = Static<typeof ReceiverSchema>;

export const receiverDefinition: KindDefinition = {
  group: ApiGroup.Notification,
  kind: 'Receiver',
  plural: 'receivers',
  singular: 'receiver',
  shortNames: [],
  categories: FluxCategories,
  namespaced: true,
  description: ReceiverSchema.description!,
  versions: [{ name: 'v1', storage: true }],
  printerColumns: [Column.age, Column.ready, Column.status],
  spec: ReceiverSpecSchema,
  status: ReceiverStatusSchema,
  schema: ReceiverSchema,
};
