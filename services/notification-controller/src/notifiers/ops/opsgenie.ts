import type { FluxEvent } from '@driftless/api';
import { shortMetadata } from '../event-text.js';
import type { Notifier } from '../notifier.js';
import { postJson } from '../transport.js';
import { httpAddress, requireToken } from './ops-helpers.js';

/** Opsgenie Alert API (`POST /v2/alerts` at the address) with the API key as a GenieKey. */
export const opsgenieNotifier: Notifier = {
  type: 'opsgenie',
  validate(settings) {
    httpAddress(settings);
    requireToken(settings, 'holding the Opsgenie API key');
  },
  async send(event, settings, transport) {
    const url = httpAddress(settings).href;
    const apiKey = requireToken(settings, 'holding the Opsgenie API key');
    await postJson(transport, url, opsgenieAlert(event), { authorization: `GenieKey ${apiKey}` });
  },
};

function opsgenieAlert(event: FluxEvent) {
  return {
    message: `${event.involvedObject.kind}/${event.involvedObject.name}`,
    description: event.message,
    details: { ...shortMetadata(event), severity: event.severity },
  };
}
