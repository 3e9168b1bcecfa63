import { EventSeverity, type FluxEvent } from '@driftless/api';
import { shortMetadata } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import { httpAddress, requireToken, unixSeconds } from './ops-helpers.js';

/** Datadog Events API v1 (`POST <site>/api/v1/events`), authenticated with the API key (not an app key). */
export const datadogNotifier: Notifier = {
  type: 'datadog',
  validate(settings) {
    eventsUrl(settings);
    requireToken(settings, 'holding the Datadog API key');
  },
  async send(event, settings, transport) {
    const apiKey = requireToken(settings, 'holding the Datadog API key');
    await postJson(transport, eventsUrl(settings), datadogEvent(event), { 'dd-api-key': apiKey });
  },
};

/** Only the site's scheme and host count (`https://api.datadoghq.eu`); the path is the API's. */
function eventsUrl(settings: ProviderSettings): string {
  const site = httpAddress(settings);
  return `${site.protocol}//${site.host}/api/v1/events`;
}

function datadogEvent(event: FluxEvent) {
  const { kind, name, namespace } = event.involvedObject;
  return {
    title: `Events from the ${kind} ${name}/${namespace}`,
    text: event.message,
    tags: datadogTags(event),
    // Datadog's own Flux integration uses this source name.
    source_type_name: 'fluxcd',
    date_happened: unixSeconds(event.timestamp),
    alert_type: event.severity === EventSeverity.Error ? 'error' : 'info',
  };
}

/** kube_* tags as Datadog's Kubernetes integration names them, lower-cased as Datadog would store them. */
function datadogTags(event: FluxEvent): string[] {
  const { kind, name, namespace } = event.involvedObject;
  const tags = [
    `flux_reporting_controller:${event.reportingController}`,
    `flux_reason:${event.reason}`,
    `kube_kind:${kind}`,
    `kube_name:${name}`,
    `kube_namespace:${namespace}`,
    ...Object.entries(shortMetadata(event)).map(([key, value]) => `${key}:${value}`),
  ];
  return tags.map((tag) => tag.toLowerCase());
}
