import { createHash } from 'node:crypto';

/** Every Receiver webhook path starts with this; the rest is a digest, so it names no secret. */
export const webhookPathPrefix = '/hook/';

/**
 * The path a Receiver listens on, as Flux computes it: `/hook/` and the hex SHA-256 of the token,
 * the Receiver's name and its namespace, concatenated in that order without separators.
 */
export function webhookPath(token: string, name: string, namespace: string): string {
  const digest = createHash('sha256')
    .update(token + name + namespace, 'utf8')
    .digest('hex');
  return webhookPathPrefix + digest;
}
