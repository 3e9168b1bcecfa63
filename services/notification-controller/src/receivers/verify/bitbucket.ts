import { HmacAlgorithm } from './hmac.js';
import { type HubSender, verifyHubDelivery } from './hub-signature.js';
import type { WebhookInput, WebhookVerdict } from './verdict.js';

/**
 * Bitbucket Server (Data Center) signs with `X-Hub-Signature: sha256=<hex>`; Flux checks it with
 * go-github, which also takes `X-Hub-Signature-256`. Bitbucket Cloud does not sign at all and
 * needs a generic Receiver.
 */
const bitbucketServer: HubSender = {
  label: 'Bitbucket Server',
  signatureHeaders: [
    { name: 'X-Hub-Signature-256', format: 'prefixed', algorithms: [HmacAlgorithm.Sha256] },
    {
      name: 'X-Hub-Signature',
      format: 'prefixed',
      algorithms: [HmacAlgorithm.Sha1, HmacAlgorithm.Sha256, HmacAlgorithm.Sha512],
    },
  ],
  eventHeaders: ['X-Event-Key'],
  pingEvent: 'diagnostics:ping',
};

export function verifyBitbucket(input: WebhookInput): WebhookVerdict {
  return verifyHubDelivery(bitbucketServer, input);
}
