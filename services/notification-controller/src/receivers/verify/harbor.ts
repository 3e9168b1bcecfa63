import { headerValue } from './headers.js';
import { secretMatches } from './hmac.js';
import { reconcile, reject, type WebhookInput, type WebhookVerdict } from './verdict.js';

/** `harbor`: Harbor sends the webhook's "Auth Header" verbatim in `Authorization`. */
export function verifyHarbor(input: WebhookInput): WebhookVerdict {
  const presented = headerValue(input.headers, 'authorization');
  if (presented === undefined) return reject(401, 'the Authorization header is missing');
  if (!secretMatches(presented, input.token)) {
    return reject(401, 'the Authorization header does not match the Receiver token');
  }
  return reconcile();
}
