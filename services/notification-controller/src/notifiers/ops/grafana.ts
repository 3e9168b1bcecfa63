import type { FluxEvent } from '@driftless/api';
import { objectTitle, shortMetadata } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import { basicAuthorization, httpAddress, unixSeconds } from './ops-helpers.js';

/** Grafana annotations API (`POST /api/annotations` at the address), tagged so dashboards can filter on `flux`. */
export const grafanaNotifier: Notifier = {
  type: 'grafana',
  validate(settings) {
    httpAddress(settings);
  },
  async send(event, settings, transport) {
    const url = httpAddress(settings).href;
    await postJson(transport, url, grafanaAnnotation(event), authorization(settings));
  },
};

/**
 * Flux's body has `when` in seconds (the graphite annotation format); `/api/annotations` reads `time`
 * in milliseconds instead, so both are sent and the annotation lands at the event's time either way.
 */
function grafanaAnnotation(event: FluxEvent) {
  const seconds = unixSeconds(event.timestamp);
  const { kind, name, namespace } = event.involvedObject;
  // Grafana splits a tag at ':' into key and value; a ':' inside a key or value would split it wrong.
  const metadataTags = Object.entries(shortMetadata(event)).map(
    ([key, value]) => `${key.replaceAll(':', '|')}: ${value.replaceAll(':', '|')}`,
  );
  return {
    when: seconds,
    time: seconds * 1000,
    text: objectTitle(event),
    tags: [
      'flux',
      event.reportingController,
      ...metadataTags,
      `kind: ${kind}`,
      `name: ${name}`,
      `namespace: ${namespace}`,
    ],
  };
}

/** A token (service account) wins over username and password, as in Flux. */
function authorization(settings: ProviderSettings): Record<string, string> {
  if (settings.token) return { authorization: `Bearer ${settings.token}` };
  if (settings.username && settings.password) {
    return { authorization: basicAuthorization(settings.username, settings.password) };
  }
  return {};
}
