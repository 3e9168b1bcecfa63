import { HmacAlgorithm } from './hmac.js';
import { type HubSender, type SignatureHeader, verifyHubDelivery } from './hub-signature.js';
import type { WebhookInput, WebhookVerdict } from './verdict.js';

const hubSignature256: SignatureHeader = {
  name: 'X-Hub-Signature-256',
  format: 'prefixed',
  algorithms: [HmacAlgorithm.Sha256],
};
/** The legacy header; go-github takes the algorithm from the prefix, so any of the three. */
const hubSignature: SignatureHeader = {
  name: 'X-Hub-Signature',
  format: 'prefixed',
  algorithms: [HmacAlgorithm.Sha1, HmacAlgorithm.Sha256, HmacAlgorithm.Sha512],
};

const github: HubSender = {
  label: 'GitHub',
  signatureHeaders: [hubSignature256, hubSignature],
  eventHeaders: ['X-GitHub-Event'],
  pingEvent: 'ping',
};

/** Gitea sends GitHub-compatible deliveries, plus its own bare-hex SHA-256 signature and event headers. */
const gitea: HubSender = {
  label: 'Gitea',
  signatureHeaders: [
    hubSignature256,
    { name: 'X-Gitea-Signature', format: 'bare', algorithm: HmacAlgorithm.Sha256 },
    hubSignature,
  ],
  eventHeaders: ['X-Gitea-Event', 'X-GitHub-Event'],
  pingEvent: 'ping',
};

export function verifyGithub(input: WebhookInput): WebhookVerdict {
  return verifyHubDelivery(github, input);
}

export function verifyGitea(input: WebhookInput): WebhookVerdict {
  return verifyHubDelivery(gitea, input);
}
