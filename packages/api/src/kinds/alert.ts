import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { commonStatusFields, LocalObjectReference, StringMap } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const EventSourceKinds = [
  'Bucket',
  'GitRepository',
  'Kustomization',
  'HelmRelease',
  'HelmChart',
  'HelmRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'OCIRepository',
  'ExternalArtifact',
] as const;

export const CrossNamespaceObjectReferenceSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: StringEnum(EventSourceKinds),
  name: Type.String({ minLength: 1, maxLength: 253, description: 'Object name, or `*` for all.' }),
  namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
  matchLabels: Type.Optional(StringMap()),
});

export const AlertSpecSchema = Type.Object(
  {
    providerRef: LocalObjectReference('The Provider that receives the events.'),
    eventSeverity: Type.Optional(StringEnum(['info', 'error'] as const, { default: 'info' })),
    eventSources: Type.Array(CrossNamespaceObjectReferenceSchema, { description: 'Objects whose events are sent.' }),
    eventMetadata: Type.Optional(StringMap({ description: 'Metadata added to every event.' })),
    inclusionList: Type.Optional(Type.Array(Type.String(), { description: 'Regexps an event message must match.' })),
    exclusionList: Type.Optional(Type.Array(Type.String(), { description: 'Regexps that drop an event.' })),
    summary: Type.Optional(Type.String({ maxLength: 255 })),
    suspend: Type.Optional(Type.Boolean()),
  },
  { description: 'AlertSpec: which events go to which Provider.' },
);

export const AlertStatusSchema = Type.Object({ ...commonStatusFields });

export const AlertSchema = kubeObject({
  group: ApiGroup.Notification,
  versions: ['v1beta3'],
  kind: 'Alert',
  description: 'Alert sends the events of selected objects to a Provider.',
  spec: AlertSpecSchema,
  status: AlertStatusSchema,
});

export type AlertSpec = Static<typeof AlertSpecSchema>;
export type AlertStatus = Static<typeof AlertStatusSchema>;
export type Alert = Static<typeof AlertSchema>;

export const alertDefinition: KindDefinition = {
  group: ApiGroup.Notification,
  kind: 'Alert',
  plural: 'alerts',
  singular: 'alert',
  shortNames: [],
  categories: FluxCategories,
  namespaced: true,
  description: AlertSchema.description!,
  versions: [{ name: 'v1beta3', storage: true }],
  printerColumns: [Column.age],
  spec: AlertSpecSchema,
  status: AlertStatusSchema,
  schema: AlertSchema,
};
