import { randomBytes, randomUUID } from 'node:crypto';
import { EventSeverity, type FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import { shortMetadata } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { expectSuccess } from '../transport.js';

const clientName = 'driftless-notification-controller';

/**
 * Sentry, addressed by the project's DSN. As in Flux, errors become Sentry error events and info
 * events become transactions (they show up under performance, without alerting); the Provider's
 * channel is the Sentry environment. Both go to the project's envelope endpoint.
 */
export const sentryNotifier: Notifier = {
  type: 'sentry',
  validate(settings) {
    parseDsn(settingsDsn(settings));
  },
  async send(event, settings, transport) {
    const item = sentryItem(event, settings.channel);
    if (!item) return;
    const dsn = parseDsn(settingsDsn(settings));
    const response = await transport.send({
      method: 'POST',
      url: dsn.envelopeUrl,
      headers: { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': sentryAuthHeader(dsn) },
      body: envelope(item),
    });
    expectSuccess(response, 'POST', dsn.envelopeUrl);
  },
};

export interface SentryDsn {
  /** `<scheme>://<host><path>/api/<project>/envelope/` */
  envelopeUrl: string;
  publicKey: string;
  /** Deprecated by Sentry, but still sent when the DSN carries one. */
  secretKey?: string;
  projectId: string;
}

/** `{PROTOCOL}://{PUBLIC_KEY}[:{SECRET_KEY}]@{HOST}{PATH}/{PROJECT_ID}`; errors never echo the DSN. */
export function parseDsn(dsn: string): SentryDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new ProviderConfigError('sentry Provider address is not a valid DSN URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderConfigError(`sentry Provider DSN must use http or https, not ${url.protocol}`);
  }
  if (!url.username) throw new ProviderConfigError('sentry Provider DSN has no public key (the part before @)');
  const segments = url.pathname.split('/');
  const projectId = segments.pop() ?? '';
  if (!projectId) throw new ProviderConfigError('sentry Provider DSN has no project ID (its last path segment)');
  const path = segments.join('/');
  return {
    envelopeUrl: `${url.protocol}//${url.host}${path}/api/${projectId}/envelope/`,
    publicKey: decodeURIComponent(url.username),
    ...(url.password ? { secretKey: decodeURIComponent(url.password) } : {}),
    projectId,
  };
}

export function sentryAuthHeader(dsn: SentryDsn): string {
  const parts = ['sentry_version=7', `sentry_client=${clientName}`, `sentry_key=${dsn.publicKey}`];
  if (dsn.secretKey) parts.push(`sentry_secret=${dsn.secretKey}`);
  return `Sentry ${parts.join(', ')}`;
}

function settingsDsn(settings: ProviderSettings): string {
  if (!settings.address) {
    throw new ProviderConfigError(
      "sentry Provider needs the project DSN as its address (spec.address or the Secret's address)",
    );
  }
  return settings.address;
}

interface SentryItem {
  type: 'event' | 'transaction';
  payload: Record<string, unknown> & { event_id: string };
}

/** Trace events carry nothing Sentry should keep; Flux drops them too. */
function sentryItem(event: FluxEvent, environment: string | undefined): SentryItem | undefined {
  const common = {
    event_id: randomUUID().replaceAll('-', ''),
    platform: 'other',
    timestamp: event.timestamp,
    message: event.message,
    transaction: transactionName(event),
    ...(environment ? { environment } : {}),
  };
  if (event.severity === EventSeverity.Error) {
    return {
      type: 'event',
      payload: { ...common, level: 'error', server_name: event.reportingController, extra: shortMetadata(event) },
    };
  }
  if (event.severity === EventSeverity.Info) {
    return {
      type: 'transaction',
      payload: {
        ...common,
        type: 'transaction',
        start_timestamp: event.timestamp,
        contexts: {
          trace: { trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex'), op: 'event' },
        },
        tags: transactionTags(event),
        spans: [],
      },
    };
  }
  return undefined;
}

/** `Kustomization: apps/podinfo`, the name Flux gives both kinds of Sentry event. */
function transactionName(event: FluxEvent): string {
  const { kind, namespace, name } = event.involvedObject;
  return `${kind}: ${namespace}/${name}`;
}

function transactionTags(event: FluxEvent): Record<string, string> {
  const { kind, namespace, name } = event.involvedObject;
  const tags: Record<string, string> = {
    flux_involved_object_kind: kind,
    flux_involved_object_namespace: namespace,
    flux_involved_object_name: name,
    flux_reporting_controller: event.reportingController,
    flux_reason: event.reason,
  };
  if (event.reportingInstance) tags.flux_reporting_instance = event.reportingInstance;
  return { ...tags, ...shortMetadata(event) };
}

/** One item per envelope: headers line, item header with the payload's byte length, payload. */
function envelope(item: SentryItem): string {
  const payload = JSON.stringify(item.payload);
  const header = { event_id: item.payload.event_id, sent_at: new Date().toISOString() };
  const itemHeader = { type: item.type, length: Buffer.byteLength(payload) };
  return `${JSON.stringify(header)}\n${JSON.stringify(itemHeader)}\n${payload}\n`;
}
