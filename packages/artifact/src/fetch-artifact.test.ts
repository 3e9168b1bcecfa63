import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { ArtifactFetchError, ArtifactTooLargeError, DigestMismatchError, InvalidDigestError } from './errors.js';
import { fetchArtifact } from './fetch-artifact.js';

const tempDir = useTempDirs();
const payload = Buffer.from('a'.repeat(10_000) + 'b'.repeat(10_000));
const payloadDigest = `sha256:${createHash('sha256').update(payload).digest('hex')}`;

interface Closed {
  readonly finished: boolean;
  readonly bytesWritten: number;
}

/** Resolves when the server side of a response is closed, telling whether it had been sent completely. */
const closings = new Map<string, Promise<Closed>>();

function track(name: string, res: ServerResponse): void {
  closings.set(
    name,
    new Promise((resolve) => {
      res.on('close', () => resolve({ finished: res.writableFinished, bytesWritten: res.socket?.bytesWritten ?? 0 }));
    }),
  );
}

async function endless(res: ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 1);
  for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  switch (path) {
    case '/artifact.tar.gz':
      res.writeHead(200, { 'content-length': payload.length }).end(payload);
      return;
    case '/moved':
      res.writeHead(302, { location: '/artifact.tar.gz' }).end();
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' }).end();
      return;
    case '/announced-huge':
      track(path, res);
      res.writeHead(200, { 'content-length': 512 * 1024 * 1024 });
      void endless(res, 512 * 1024 * 1024);
      return;
    case '/chunked-huge':
      track(path, res);
      res.writeHead(200, { 'content-type': 'application/gzip' });
      void endless(res, 512 * 1024 * 1024);
      return;
    case '/stall':
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      return;
    case '/short':
      res.writeHead(200, { 'content-length': 100 });
      res.end('only ten b');
      res.socket?.destroy();
      return;
    case '/missing':
      res.writeHead(404).end('not found');
      return;
    default:
      res.writeHead(500).end('boom');
  }
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (err: Error) => err,
  );
}

describe('fetchArtifact', () => {
  it('downloads, verifies the digest and renames into place', async () => {
    const dir = await tempDir();
    const destination = join(dir, 'nested', 'artifact.tar.gz');
    const result = await fetchArtifact(`${base}/artifact.tar.gz`, { destination, digest: payloadDigest });

    expect(result).toEqual({
      path: destination,
      digest: payloadDigest,
      size: payload.length,
      url: `${base}/artifact.tar.gz`,
    });
    expect((await readFile(destination)).equals(payload)).toBe(true);
    expect(await readdir(join(dir, 'nested'))).toEqual(['artifact.tar.gz']);
  });

  it('follows redirects and computes the digest when none is expected', async () => {
    const dir = await tempDir();
    const result = await fetchArtifact(`${base}/moved`, { destination: join(dir, 'a.tar.gz') });
    expect(result.digest).toBe(payloadDigest);
  });

  it('verifies sha512 digests too', async () => {
    const dir = await tempDir();
    const digest = `sha512:${createHash('sha512').update(payload).digest('hex')}`;
    const result = await fetchArtifact(`${base}/artifact.tar.gz`, { destination: join(dir, 'a.tar.gz'), digest });
    expect(result.digest).toBe(digest);
  });

  it('rejects a wrong digest and leaves no file, not even over an existing one', async () => {
    const dir = await tempDir();
    const destination = join(dir, 'artifact.tar.gz');
    await writeFile(destination, 'previous');
    const wrong = `sha256:${'0'.repeat(64)}`;

    const err = await failure(fetchArtifact(`${base}/artifact.tar.gz`, { destination, digest: wrong }));

    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err.message).toContain(wrong);
    expect(err.message).toContain(payloadDigest);
    expect(await readdir(dir)).toEqual(['artifact.tar.gz']);
    expect(await readFile(destination, 'utf8')).toBe('previous');
  });

  it('refuses a malformed expected digest before connecting', async () => {
    const dir = await tempDir();
    const err = await failure(
      fetchArtifact(`${base}/artifact.tar.gz`, { destination: join(dir, 'a'), digest: 'sha256:abc' }),
    );
    expect(err).toBeInstanceOf(InvalidDigestError);
  });

  it('aborts when Content-Length announces more than maxSize', async () => {
    const dir = await tempDir();
    const err = await failure(
      fetchArtifact(`${base}/announced-huge`, { destination: join(dir, 'a.tar.gz'), maxSize: 1024 * 1024 }),
    );

    expect(err).toBeInstanceOf(ArtifactTooLargeError);
    expect(err).toMatchObject({ limit: 1024 * 1024, size: 512 * 1024 * 1024 });
    const closed = await closings.get('/announced-huge');
    expect(closed?.finished).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('aborts a chunked body as soon as it passes maxSize', async () => {
    const dir = await tempDir();
    const maxSize = 1024 * 1024;
    const err = await failure(fetchArtifact(`${base}/chunked-huge`, { destination: join(dir, 'a.tar.gz'), maxSize }));

    expect(err).toBeInstanceOf(ArtifactTooLargeError);
    expect((err as ArtifactTooLargeError).size).toBeGreaterThan(maxSize);
    expect((err as ArtifactTooLargeError).size).toBeLessThan(maxSize + 256 * 1024);
    const closed = await closings.get('/chunked-huge');
    expect(closed?.finished).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['/missing', 404],
    ['/error', 500],
  ])('turns HTTP %s into ArtifactFetchError with status %i', async (path, status) => {
    const dir = await tempDir();
    const err = await failure(fetchArtifact(`${base}${path}`, { destination: join(dir, 'a.tar.gz') }));

    expect(err).toBeInstanceOf(ArtifactFetchError);
    expect((err as ArtifactFetchError).status).toBe(status);
    expect(err.message).toContain(`${base}${path}`);
    expect(err.message).toContain(String(status));
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a redirect loop', async () => {
    const dir = await tempDir();
    const err = await failure(fetchArtifact(`${base}/loop`, { destination: join(dir, 'a'), maxRedirects: 3 }));
    expect(err).toBeInstanceOf(ArtifactFetchError);
    expect(err.message).toContain('redirects');
  });

  it('reports an unreachable server clearly', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dir = await tempDir();

    const err = await failure(fetchArtifact(`http://127.0.0.1:${port}/a.tar.gz`, { destination: join(dir, 'a') }));

    expect(err).toBeInstanceOf(ArtifactFetchError);
    expect((err as ArtifactFetchError).status).toBeUndefined();
    expect(err.message).toContain('ECONNREFUSED');
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(await readdir(dir)).toEqual([]);
  });

  it('times out a stalled transfer and removes the partial file', async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    const err = await failure(fetchArtifact(`${base}/stall`, { destination: join(dir, 'a'), timeoutMs: 300 }));
    expect(err).toBeInstanceOf(ArtifactFetchError);
    expect(err.message).toContain('timed out after 300 ms');
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails on a body shorter than its Content-Length', async () => {
    const dir = await tempDir();
    const err = await failure(fetchArtifact(`${base}/short`, { destination: join(dir, 'a') }));
    expect(err).toBeInstanceOf(ArtifactFetchError);
    expect(await readdir(dir)).toEqual([]);
  });
});
