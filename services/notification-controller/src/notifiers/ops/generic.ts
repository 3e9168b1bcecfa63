import { createHmac } from 'node:crypto';
import type { FluxEvent } from '@driftless/api';
import type { Notifier, ProviderSettings, Transport } from '../notifier.js';
import { expectSuccess } from '../transport.js';
import { httpAddress, wireEvent } from './ops-helpers.js';

/** Names the controller that sent the event, so one receiver can tell Flux's controllers apart. */
const componentHeader = 'gotk-component';

/** Forwards the event JSON to any HTTP endpoint, with the Secret's headers. */
export const genericNotifier: Notifier = {
  type: 'generic',
  validate(settings) {
    httpAddress(settings);
  },
  send: (event, settings, transport) => forwardEvent(event, settings, transport),
};

/**
 * Posts the event as Flux's forwarder does. With `hmacKey`, `X-Signature: sha256=<hex>` carries the
 * HMAC-SHA256 of the exact bytes sent, so the receiver can check them before parsing.
 */
export async function forwardEvent(
  event: FluxEvent,
  settings: ProviderSettings,
  transport: Transport,
  hmacKey?: string,
): Promise<void> {
  const url = httpAddress(settings).href;
  const body = JSON.stringify(wireEvent(event));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [componentHeader]: event.reportingController,
  };
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  if (hmacKey !== undefined) headers['x-signature'] = `sha256=${hmacSha256Hex(hmacKey, body)}`;
  const response = await transport.send({ method: 'POST', url, headers, body });
  expectSuccess(response, 'POST', url);
}

function hmacSha256Hex(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}
