import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCert, type SelfSignedCert, type StaticServer, startStaticServer } from '../src/index.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface RawRequest {
  method?: string;
  auth?: string;
  ca?: string;
  cert?: string;
  key?: string;
}

/** Sends `path` verbatim (no URL normalisation, unlike fetch) so escape attempts reach the server as written. */
function send(baseUrl: string, path: string, options: RawRequest = {}): Promise<Reply> {
  const url = new URL(baseUrl);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        auth: options.auth,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end();
  });
}

let root: string;
let outside: string;
let cert: SelfSignedCert;
let clientCert: SelfSignedCert;
const servers: StaticServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'driftless-static-test-'));
  outside = await mkdtemp(join(tmpdir(), 'driftless-static-outside-'));
  await writeFile(join(root, 'index.yaml'), 'apiVersion: v1\nentries: {}\n');
  await mkdir(join(root, 'charts', 'sub dir'), { recursive: true });
  await writeFile(join(root, 'charts', 'sub dir', 'a.tgz'), Buffer.from([1, 2, 3, 4]));
  await writeFile(join(outside, 'secret.txt'), 'do not serve\n');
  await symlink(join(outside, 'secret.txt'), join(root, 'escape.txt'));
  [cert, clientCert] = await Promise.all([createSelfSignedCert(), createSelfSignedCert()]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function server(options: Parameters<typeof startStaticServer>[0]): Promise<StaticServer> {
  const s = await startStaticServer(options);
  servers.push(s);
  return s;
}

describe('startStaticServer', () => {
  it('serves files under root with GET and HEAD and records the requests', async () => {
    const s = await server({ root });
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);

    const get = await send(s.url, '/index.yaml');
    expect(get.status).toBe(200);
    expect(get.body).toBe('apiVersion: v1\nentries: {}\n');
    expect(get.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));

    const head = await send(s.url, '/charts/sub%20dir/a.tgz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('4');
    expect(head.body).toBe('');

    expect(s.requests()).toEqual([
      { method: 'GET', path: '/index.yaml', status: 200, user: undefined },
      { method: 'HEAD', path: '/charts/sub%20dir/a.tgz', status: 200, user: undefined },
    ]);
    s.clearRequests();
    expect(s.requests()).toEqual([]);
  });

  it.each([
    ['a missing file', '/nope.yaml'],
    ['a directory', '/charts'],
    ['a dot-dot escape', '/../../etc/passwd'],
    ['an encoded dot-dot escape', '/%2e%2e/%2e%2e/etc/passwd'],
    ['a symlink out of root', '/escape.txt'],
    ['a NUL byte', '/index.yaml%00'],
  ])('answers 404 for %s', async (_what, path) => {
    const s = await server({ root });
    const reply = await send(s.url, path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('do not serve');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const s = await server({ root });
    const reply = await send(s.url, '/index.yaml', { method: 'POST' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });

  it('asks for basic auth and serves only the right credentials', async () => {
    const s = await server({ root, auth: { username: 'helm', password: 's3cret' } });
    const none = await send(s.url, '/index.yaml');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="static"');
    expect((await send(s.url, '/index.yaml', { auth: 'helm:wrong' })).status).toBe(401);
    expect((await send(s.url, '/index.yaml', { auth: 'helm:s3cret' })).status).toBe(200);
    expect(s.requests().map((r) => [r.status, r.user])).toEqual([
      [401, undefined],
      [401, 'helm'],
      [200, 'helm'],
    ]);
  });

  it('serves HTTPS with the given certificate', async () => {
    const s = await server({ root, tls: cert });
    expect(s.url).toBe(`https://127.0.0.1:${s.port}`);
    const reply = await send(s.url, '/index.yaml', { ca: cert.cert });
    expect(reply.status).toBe(200);
    await expect(send(s.url, '/index.yaml')).rejects.toThrow(/self[- ]signed/i);
  });

  it('requires a client certificate signed by clientCa', async () => {
    const s = await server({ root, tls: cert, clientCa: clientCert.cert });
    await expect(send(s.url, '/index.yaml', { ca: cert.cert })).rejects.toThrow();
    const reply = await send(s.url, '/index.yaml', { ca: cert.cert, cert: clientCert.cert, key: clientCert.key });
    expect(reply.status).toBe(200);
  });

  it('can be stopped twice', async () => {
    const s = await startStaticServer({ root });
    await s.stop();
    await s.stop();
    await expect(send(s.url, '/index.yaml')).rejects.toThrow(/ECONNREFUSED/);
  });
});
