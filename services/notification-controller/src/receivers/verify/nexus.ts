import { z } from 'zod';
import { headerValue } from './headers.js';
import { checkHexHmac, HmacAlgorithm, signatureRejection } from './hmac.js';
import { parseJsonBody } from './json-body.js';
import { reconcile, reject, type WebhookInput, type WebhookVerdict } from './verdict.js';

const signatureHeader = 'X-Nexus-Webhook-Signature';

/** The fields Flux reads from a Nexus Repository Manager 3 repository webhook. */
const NexusPayloadSchema = z.object({
  action: z.string(),
  repositoryName: z.string(),
});

/** `nexus`: `X-Nexus-Webhook-Signature` is the bare hex HMAC-SHA1 of the body, then the body must parse. */
export function verifyNexus(input: WebhookInput): WebhookVerdict {
  const signature = headerValue(input.headers, signatureHeader.toLowerCase());
  if (signature === undefined) return reject(401, `the ${signatureHeader} header is missing`);
  const check = checkHexHmac(HmacAlgorithm.Sha1, input.token, input.body, signature);
  const rejection = signatureRejection(check, signatureHeader);
  if (rejection !== undefined) return rejection;
  const payload = parseJsonBody(NexusPayloadSchema, input.body, 'Nexus webhook payload');
  return payload.ok ? reconcile() : payload.verdict;
}
