import { headerValue } from './headers.js';
import { checkHexHmac, HmacAlgorithm, parsePrefixedSignature, signatureRejection } from './hmac.js';
import { reconcile, reject, type WebhookInput, type WebhookVerdict } from './verdict.js';

/** `generic`: the secret webhook path is the only check, as in Flux. */
export function verifyGeneric(_input: WebhookInput): WebhookVerdict {
  return reconcile();
}

const signatureHeader = 'X-Signature';
const signatureAlgorithms = [HmacAlgorithm.Sha1, HmacAlgorithm.Sha256, HmacAlgorithm.Sha512] as const;

/** `generic-hmac`: `X-Signature: <sha1|sha256|sha512>=<hex HMAC of the body keyed by the token>`. */
export function verifyGenericHmac(input: WebhookInput): WebhookVerdict {
  const value = headerValue(input.headers, signatureHeader.toLowerCase());
  if (value === undefined) return reject(401, `the ${signatureHeader} header is missing`);
  const signature = parsePrefixedSignature(value, signatureAlgorithms);
  if (signature === undefined) {
    return reject(401, `the ${signatureHeader} header is malformed (expected <sha1|sha256|sha512>=<hex>)`);
  }
  const check = checkHexHmac(signature.algorithm, input.token, input.body, signature.hex);
  return signatureRejection(check, signatureHeader) ?? reconcile();
}
