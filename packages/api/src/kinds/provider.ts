import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration, Timeout } from '../schema/duration.js';
import { commonStatusFields, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const ProviderTypes = [
  'slack',
  'discord',
  'msteams',
  'rocket',
  'generic',
  'generic-hmac',
  'github',
  'gitlab',
  'gitea',
  'bitbucketserver',
  'bitbucket',
  'azuredevops',
  'googlechat',
  'googlepubsub',
  'webex',
  'sentry',
  'azureeventhub',
  'telegram',
  'lark',
  'matrix',
  'opsgenie',
  'alertmanager',
  'grafana',
  'githubdispatch',
  'pagerduty',
  'datadog',
  'nats',
  'zulip',
  'incidentio',
] as const;
export type ProviderType = (typeof ProviderTypes)[number];

export const ProviderSpecSchema = Type.Object(
  {
    type: StringEnum(ProviderTypes, { description: 'Which notification service to call.' }),
    interval: Type.Optional(Duration()),
    channel: Type.Optional(Type.String({ maxLength: 2048 })),
    username: Type.Optional(Type.String({ maxLength: 2048 })),
    address: Type.Optional(Type.String({ maxLength: 2048, description: 'Endpoint, project or subject, per type.' })),
    timeout: Type.Optional(Timeout()),
    proxy: Type.Optional(Type.String({ maxLength: 2048, pattern: '^(http|https)://.*$' })),
    proxySecretRef: Type.Optional(
      LocalObjectReference('Secret with the proxy `address` and optional `username` and `password`.'),
    ),
    secretRef: Type.Optional(LocalObjectReference('Secret with the address, token or other credentials.')),
    certSecretRef: Type.Optional(
      LocalObjectReference('Secret with `ca.crt`, and `tls.crt` + `tls.key` for mutual TLS.'),
    ),
    serviceAccountName: Type.Optional(Type.String()),
    commitStatusExpr: Type.Optional(Type.String()),
    suspend: Type.Optional(Type.Boolean()),
  },
  { description: 'ProviderSpec: where and how notifications are sent.' },
);

export const ProviderStatusSchema = Type.Object({ ...commonStatusFields });

export const ProviderSchema = kubeObject({
  group: ApiGroup.Notification,
  versions: ['v1beta3'],
  kind: 'Provider',
  description: 'Provider describes a notification service that Alerts send events to.',
  spec: ProviderSpecSchema,
  status: ProviderStatusSchema,
});

export type ProviderSpec = Static<typeof ProviderSpecSchema>;
export type ProviderStatus = Static<typeof ProviderStatusSchema>;
export type Provider = Static<typeof ProviderSchema>;

export const providerDefinition: KindDefinition = {
  group: ApiGroup.Notification,
  kind: 'Provider',
  plural: 'providers',
  singular: 'provider',
  shortNames: [],
  categories: FluxCategories,
  namespaced: true,
  description: ProviderSchema.description!,
  versions: [{ name: 'v1beta3', storage: true }],
  printerColumns: [Column.age],
  spec: ProviderSpecSchema,
  status: ProviderStatusSchema,
  schema: ProviderSchema,
};
