import { reject, type WebhookInput, type WebhookVerdict } from './verdict.js';

/** Flux checks a Google-signed OIDC token on every GCR push; Driftless does not do that yet. */
export function verifyGcr(_input: WebhookInput): WebhookVerdict {
  return reject(501, 'gcr receivers are not supported by Driftless yet (Google OIDC token verification)');
}
