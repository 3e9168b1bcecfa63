import { createHash } from 'node:crypto';

/** The hash an OpenAPI v3 index puts in `?hash=`: SHA-512 of the served JSON, upper-case hex as kube-openapi does. */
export const contentHash = (json: string): string => createHash('sha512').update(json).digest('hex').toUpperCase();
