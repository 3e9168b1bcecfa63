import { EventSeverity, type FluxEvent } from '@driftless/api';
import { objectTitle, shortMetadata } from '../event-text.js';
import type { Notifier } from '../notifier.js';
import { postJson } from '../transport.js';
import { httpAddress, incidentKey, isProgressing, requireToken } from './ops-helpers.js';

/**
 * incident.io HTTP alert source (the address is its `/v2/alert_events/http/<id>` URL). Errors fire
 * an alert keyed by the object's UID; any other event resolves it.
 */
export const incidentioNotifier: Notifier = {
  type: 'incidentio',
  validate(settings) {
    httpAddress(settings);
    requireToken(settings, "holding the alert source's API token");
  },
  async send(event, settings, transport) {
    if (isProgressing(event)) return;
    const url = httpAddress(settings).href;
    const token = requireToken(settings, "holding the alert source's API token");
    await postJson(transport, url, incidentioAlert(event), { authorization: `Bearer ${token}` });
  },
};

function incidentioAlert(event: FluxEvent) {
  return {
    title: `${objectTitle(event)}: ${event.reason}`,
    status: event.severity === EventSeverity.Error ? 'firing' : 'resolved',
    deduplication_key: incidentKey(event),
    ...(event.message ? { description: event.message } : {}),
    metadata: {
      ...shortMetadata(event),
      severity: event.severity,
      reason: event.reason,
      ...(event.reportingController ? { reportingController: event.reportingController } : {}),
    },
  };
}
