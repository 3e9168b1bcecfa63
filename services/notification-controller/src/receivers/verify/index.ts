import type { ReceiverType } from '@driftless/api';
import { verifyBitbucket } from './bitbucket.js';
import { verifyCDEvents } from './cdevents.js';
import { verifyGcr } from './gcr.js';
import { verifyGeneric, verifyGenericHmac } from './generic.js';
import { verifyGitea, verifyGithub } from './github.js';
import { verifyGitlab } from './gitlab.js';
import { verifyHarbor } from './harbor.js';
import { verifyNexus } from './nexus.js';
import { verifyAcr, verifyDockerHub, verifyQuay } from './registry-payloads.js';
import { reject, type Verifier, type WebhookInput, type WebhookVerdict } from './verdict.js';

export type { WebhookHeaders, WebhookInput, WebhookVerdict } from './verdict.js';

const verifiers: Readonly<Record<ReceiverType, Verifier>> = {
  generic: verifyGeneric,
  'generic-hmac': verifyGenericHmac,
  github: verifyGithub,
  gitea: verifyGitea,
  gitlab: verifyGitlab,
  bitbucket: verifyBitbucket,
  harbor: verifyHarbor,
  dockerhub: verifyDockerHub,
  quay: verifyQuay,
  gcr: verifyGcr,
  nexus: verifyNexus,
  acr: verifyAcr,
  cdevents: verifyCDEvents,
};

/**
 * Decides what one webhook delivery to a Receiver means: reconcile its resources, acknowledge and
 * ignore it (a ping, an event outside `spec.events`), or refuse it. Pure: no I/O, no logging.
 * Messages are safe to log and to return to the sender: they never hold the token or a signature.
 */
export function verifyWebhook(input: WebhookInput): WebhookVerdict {
  if (!Object.hasOwn(verifiers, input.type)) {
    return reject(501, `receiver type ${JSON.stringify(String(input.type))} is not supported`);
  }
  return verifiers[input.type](input);
}
