import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { DigestingStream, digestOf, parseDigest, verifyDigest } from './digest.js';
import { DigestMismatchError, InvalidDigestError } from './errors.js';

const tempDir = useTempDirs();
const helloSha256 = 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

describe('digest', () => {
  it('hashes files, streams and async iterables alike', async () => {
    const file = join(await tempDir(), 'f');
    await writeFile(file, 'hello');
    expect(await digestOf(file)).toBe(helloSha256);
    expect(await digestOf(Readable.from([Buffer.from('hel'), Buffer.from('lo')]))).toBe(helloSha256);
    expect(await digestOf(Readable.from([Buffer.from('hello')]), 'sha512')).toMatch(/^sha512:[0-9a-f]{128}$/);
  });

  it('parses valid digests', () => {
    expect(parseDigest(helloSha256)).toEqual({ algorithm: 'sha256', hex: helloSha256.slice(7) });
    expect(parseDigest(`sha384:${'a'.repeat(96)}`).algorithm).toBe('sha384');
  });

  it.each([
    'sha256',
    ':abc',
    `md5:${'a'.repeat(32)}`,
    `sha256:${'a'.repeat(63)}`,
    `sha256:${'A'.repeat(64)}`,
    `sha256:${'g'.repeat(64)}`,
    `sha512:${'a'.repeat(64)}`,
  ])('rejects %j', (value) => {
    expect(() => parseDigest(value)).toThrow(InvalidDigestError);
  });

  it('verifies with the algorithm named in the expected digest', async () => {
    await verifyDigest(Readable.from([Buffer.from('hello')]), helloSha256);
    const err = await verifyDigest(Readable.from([Buffer.from('hellO')]), helloSha256).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as DigestMismatchError).expected).toBe(helloSha256);
    expect((err as DigestMismatchError).actual).toMatch(/^sha256:/);
    expect((err as DigestMismatchError).actual).not.toBe(helloSha256);
  });

  it('DigestingStream passes data through while hashing and counting it', async () => {
    const digester = new DigestingStream();
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from([Buffer.from('hel'), Buffer.from('lo')]).pipe(digester)) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(digester.size).toBe(5);
    expect(digester.digest()).toBe(helloSha256);
  });
});
