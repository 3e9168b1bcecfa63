import type { Notifier } from '../notifier.js';
import { forwardEvent } from './generic.js';
import { httpAddress, requireToken } from './ops-helpers.js';

/** The generic forwarder with the body signed by the Secret's token (`X-Signature: sha256=<hex>`). */
export const genericHmacNotifier: Notifier = {
  type: 'generic-hmac',
  validate(settings) {
    httpAddress(settings);
    requireToken(settings, 'to sign the body with (HMAC-SHA256)');
  },
  async send(event, settings, transport) {
    await forwardEvent(event, settings, transport, requireToken(settings, 'to sign the body with (HMAC-SHA256)'));
  },
};
