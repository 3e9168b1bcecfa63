import type { FluxEvent } from '@driftless/api';
import { shortMetadata } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import { basicAuthorization, httpAddress, rfc3339Seconds } from './ops-helpers.js';

/**
 * Prometheus Alertmanager (`POST /api/v2/alerts` at the address): one firing alert per event.
 * `endsAt` is left out so Alertmanager's `resolve_timeout` clears it, as in Flux.
 */
export const alertmanagerNotifier: Notifier = {
  type: 'alertmanager',
  validate(settings) {
    httpAddress(settings);
  },
  async send(event, settings, transport) {
    const url = httpAddress(settings).href;
    await postJson(transport, url, [alertmanagerAlert(event)], authorization(settings));
  },
};

function alertmanagerAlert(event: FluxEvent) {
  const { summary, ...metadata } = shortMetadata(event);
  const { kind, name, namespace } = event.involvedObject;
  return {
    status: 'firing',
    labels: {
      ...metadata,
      alertname: `Flux${kind}${goTitleCase(event.reason)}`,
      severity: event.severity,
      reason: event.reason,
      kind,
      name,
      namespace,
      reportingcontroller: event.reportingController,
    },
    annotations: { message: event.message, ...(summary !== undefined ? { summary } : {}) },
    startsAt: rfc3339Seconds(event.timestamp),
  };
}

/** Basic auth wins over a token when both are set, as in Flux. */
function authorization(settings: ProviderSettings): Record<string, string> {
  if (settings.username && settings.password) {
    return { authorization: basicAuthorization(settings.username, settings.password) };
  }
  return settings.token ? { authorization: `Bearer ${settings.token}` } : {};
}

/**
 * Flux titles the reason with Go's `cases.Title`, which lower-cases all but each word's first letter:
 * `ReconciliationFailed` → `Reconciliationfailed`. Existing Alertmanager routes match on that name.
 */
export function goTitleCase(text: string): string {
  return text.replace(/\p{L}[\p{L}\p{M}'\d]*/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}
