import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { reject, type WebhookVerdict } from './verdict.js';

export const HmacAlgorithm = {
  Sha1: 'sha1',
  Sha256: 'sha256',
  Sha512: 'sha512',
} as const;
export type HmacAlgorithm = (typeof HmacAlgorithm)[keyof typeof HmacAlgorithm];

const digestBytes: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export const SignatureCheck = {
  Valid: 'valid',
  Malformed: 'malformed',
  Mismatch: 'mismatch',
} as const;
export type SignatureCheck = (typeof SignatureCheck)[keyof typeof SignatureCheck];

/**
 * Checks a hex HMAC of `body` keyed by `key`. The hex must be exactly one digest long; the
 * comparison is over the decoded digests and takes the same time wherever they differ.
 */
export function checkHexHmac(
  algorithm: HmacAlgorithm,
  key: string,
  body: Buffer,
  signatureHex: string,
): SignatureCheck {
  const length = digestBytes[algorithm];
  if (signatureHex.length !== length * 2 || !/^[0-9a-fA-F]+$/.test(signatureHex)) return SignatureCheck.Malformed;
  const presented = Buffer.from(signatureHex, 'hex');
  const expected = createHmac(algorithm, key).update(body).digest();
  return timingSafeEqual(presented, expected) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
}

/**
 * Splits a `<algorithm>=<hex>` signature (GitHub's `X-Hub-Signature*`, Flux's `X-Signature`).
 * Undefined when the shape is wrong or the algorithm is not one of `allowed`.
 */
export function parsePrefixedSignature(
  value: string,
  allowed: readonly HmacAlgorithm[],
): { algorithm: HmacAlgorithm; hex: string } | undefined {
  const separator = value.indexOf('=');
  if (separator < 0) return undefined;
  const prefix = value.slice(0, separator);
  const algorithm = allowed.find((a) => a === prefix);
  return algorithm === undefined ? undefined : { algorithm, hex: value.slice(separator + 1) };
}

/**
 * Compares a presented shared secret (GitLab, Harbor) with the token in constant time: both are
 * hashed first so the comparison neither fails fast on length nor reveals it.
 */
export function secretMatches(presented: string, token: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** A 401 for a signature that is not valid, naming the header but never its value; undefined when valid. */
export function signatureRejection(check: SignatureCheck, header: string): WebhookVerdict | undefined {
  switch (check) {
    case SignatureCheck.Valid:
      return undefined;
    case SignatureCheck.Malformed:
      return reject(401, `the ${header} header is malformed`);
    case SignatureCheck.Mismatch:
      return reject(401, `the ${header} header does not match the body`);
  }
}
