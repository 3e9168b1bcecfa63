import { EventSeverity, type FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import { shortMetadata } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import { incidentKey, isProgressing, parseHttpUrl, rfc3339Seconds } from './ops-helpers.js';

const defaultEventsApi = 'https://events.pagerduty.com';

/**
 * PagerDuty Events API v2. Errors trigger an alert keyed by the object's UID; anything else
 * resolves that alert, and info events are also recorded as change events.
 */
export const pagerdutyNotifier: Notifier = {
  type: 'pagerduty',
  validate(settings) {
    eventsApiBase(settings);
    routingKey(settings);
  },
  async send(event, settings, transport) {
    if (isProgressing(event)) return;
    const base = eventsApiBase(settings);
    const key = routingKey(settings);
    await postJson(transport, `${base}/v2/enqueue`, alertEvent(event, key));
    if (event.severity === EventSeverity.Info) {
      await postJson(transport, `${base}/v2/change/enqueue`, changeEvent(event, key));
    }
  },
};

/** Scheme and host of the address: the Events API paths are fixed. */
function eventsApiBase(settings: ProviderSettings): string {
  if (!settings.address) return defaultEventsApi;
  const url = parseHttpUrl(settings.address, 'pagerduty Provider address');
  return `${url.protocol}//${url.host}`;
}

function routingKey(settings: ProviderSettings): string {
  if (!settings.channel) {
    throw new ProviderConfigError('pagerduty Provider needs the integration routing key in spec.channel');
  }
  return settings.channel;
}

function alertEvent(event: FluxEvent, key: string) {
  const dedup = incidentKey(event);
  if (event.severity !== EventSeverity.Error) {
    return { routing_key: key, event_action: 'resolve', dedup_key: dedup };
  }
  return {
    routing_key: key,
    event_action: 'trigger',
    dedup_key: dedup,
    payload: {
      summary: summaryLine(event),
      source: `Flux ${event.reportingController}`,
      severity: 'error',
      timestamp: rfc3339Seconds(event.timestamp),
      component: event.involvedObject.name,
      group: event.involvedObject.kind,
      custom_details: details(event),
    },
  };
}

function changeEvent(event: FluxEvent, key: string) {
  return {
    routing_key: key,
    payload: {
      summary: summaryLine(event),
      source: `Flux ${event.reportingController}`,
      timestamp: rfc3339Seconds(event.timestamp),
      custom_details: details(event),
    },
  };
}

/** `reconciliation failed: kustomization/podinfo`, the way Flux words it. */
function summaryLine(event: FluxEvent): string {
  const reason = splitCamelCase(event.reason).join(' ').toLowerCase();
  const object = `${event.involvedObject.kind}/${event.involvedObject.name}`.toLowerCase();
  return `${reason}: ${object}`;
}

function details(event: FluxEvent) {
  return { message: event.message, metadata: shortMetadata(event) };
}

/** `HealthCheckFailed` → Health, Check, Failed; an acronym stays whole (`HTTPError` → HTTP, Error). */
export function splitCamelCase(text: string): string[] {
  return text.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Nd}+|[^\p{Lu}\p{Ll}\p{Nd}]+/gu) ?? [];
}
