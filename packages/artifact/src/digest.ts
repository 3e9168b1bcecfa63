import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { DigestMismatchError, InvalidDigestError } from './errors.js';

export const DigestAlgorithm = {
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
} as const;
export type DigestAlgorithm = (typeof DigestAlgorithm)[keyof typeof DigestAlgorithm];

const hexLength: Record<DigestAlgorithm, number> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ParsedDigest {
  readonly algorithm: DigestAlgorithm;
  readonly hex: string;
}

/** A file path or a readable stream of bytes. */
export type ByteSource = string | Readable | AsyncIterable<Uint8Array>;

/** Parses `<algorithm>:<lower-case hex>` (the OCI / Flux digest form). */
export function parseDigest(value: string): ParsedDigest {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidDigestError(value, 'expected <algorithm>:<hex>');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  if (!(algorithm in hexLength)) {
    throw new InvalidDigestError(value, `unsupported algorithm ${JSON.stringify(algorithm)}`);
  }
  const expectedLength = hexLength[algorithm as DigestAlgorithm];
  if (hex.length !== expectedLength || !/^[0-9a-f]+$/.test(hex)) {
    throw new InvalidDigestError(value, `expected ${expectedLength} lower-case hex characters`);
  }
  return { algorithm: algorithm as DigestAlgorithm, hex };
}

export function formatDigest(algorithm: DigestAlgorithm, hex: string): string {
  return `${algorithm}:${hex}`;
}

/** A pass-through stream that hashes and counts every byte that flows through it. */
export class DigestingStream extends Transform {
  readonly algorithm: DigestAlgorithm;
  private readonly hash: Hash;
  private bytes = 0;
  private result: string | undefined;

  constructor(algorithm: DigestAlgorithm = DigestAlgorithm.SHA256) {
    super();
    this.algorithm = algorithm;
    this.hash = createHash(algorithm);
  }

  get size(): number {
    return this.bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** The `<algorithm>:<hex>` digest; only valid once all data has passed through. */
  digest(): string {
    this.result ??= formatDigest(this.algorithm, this.hash.digest('hex'));
    return this.result;
  }
}

function toIterable(source: ByteSource): AsyncIterable<Uint8Array> {
  return typeof source === 'string' ? createReadStream(source) : source;
}

/** Hashes a file or stream and returns `<algorithm>:<hex>` (sha256 unless asked otherwise). */
export async function digestOf(
  source: ByteSource,
  algorithm: DigestAlgorithm = DigestAlgorithm.SHA256,
): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of toIterable(source)) hash.update(chunk);
  return formatDigest(algorithm, hash.digest('hex'));
}

/** Throws DigestMismatchError unless the source hashes to `expected` (using the algorithm named in it). */
export async function verifyDigest(source: ByteSource, expected: string): Promise<void> {
  const { algorithm } = parseDigest(expected);
  const actual = await digestOf(source, algorithm);
  if (actual !== expected) {
    throw new DigestMismatchError(expected, actual, typeof source === 'string' ? source : undefined);
  }
}
