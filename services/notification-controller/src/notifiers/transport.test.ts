import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { type CaptureServer, createSelfSignedCert, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-errors.js';
import { createTransport, parseRetryAfter, postJson, redactUrl } from './transport.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function capture(options: Parameters<typeof startCaptureServer>[0] = {}): Promise<CaptureServer> {
  const server = await startCaptureServer(options);
  cleanups.push(() => server.stop());
  return server;
}

/** A CONNECT proxy that records the Proxy-Authorization it was given. */
async function startProxy(): Promise<{ url: string; authorizations: Array<string | undefined> }> {
  const authorizations: Array<string | undefined> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket) => {
    authorizations.push(req.headers['proxy-authorization']);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations };
}

describe('createTransport', () => {
  it('posts JSON and reads the answer', async () => {
    const server = await capture({ respond: () => ({ status: 202, headers: { 'x-id': '7' }, body: 'queued' }) });
    const transport = createTransport();
    cleanups.push(() => transport.close());
    const response = await postJson(transport, `${server.url}/hook`, { a: 1 }, { authorization: 'Bearer t' });
    expect(response).toMatchObject({ status: 202, body: 'queued', headers: { 'x-id': '7' } });
    const [request] = server.requests();
    expect(request).toMatchObject({ method: 'POST', url: '/hook', json: { a: 1 } });
    expect(request.headers.authorization).toBe('Bearer t');
  });

  it('goes through a proxy with basic credentials', async () => {
    const server = await capture();
    const proxy = await startProxy();
    const transport = createTransport({ proxy: { url: proxy.url, username: 'u', password: 'p' } });
    cleanups.push(() => transport.close());
    await postJson(transport, `${server.url}/via-proxy`, {});
    expect(server.requests().map((request) => request.url)).toEqual(['/via-proxy']);
    expect(proxy.authorizations).toEqual([`Basic ${Buffer.from('u:p').toString('base64')}`]);
  });

  it('trusts the CA of certSecretRef and presents the client certificate for mutual TLS', async () => {
    const serverCert = await createSelfSignedCert();
    const clientCert = await createSelfSignedCert();
    const server = await capture({ tls: serverCert, clientCa: clientCert.cert });

    const untrusting = createTransport();
    cleanups.push(() => untrusting.close());
    await expect(postJson(untrusting, `${server.url}/x`, {})).rejects.toBeInstanceOf(DeliveryError);

    const withoutClientCert = createTransport({ tls: { ca: serverCert.cert } });
    cleanups.push(() => withoutClientCert.close());
    await expect(postJson(withoutClientCert, `${server.url}/x`, {})).rejects.toBeInstanceOf(DeliveryError);

    const mutual = createTransport({ tls: { ca: serverCert.cert, cert: clientCert.cert, key: clientCert.key } });
    cleanups.push(() => mutual.close());
    expect((await postJson(mutual, `${server.url}/x`, {})).status).toBe(200);
  });

  it('turns a timeout into a retryable error that names only the host', async () => {
    const server = await capture({ respond: () => new Promise(() => undefined) });
    const transport = createTransport({ timeoutMs: 200 });
    cleanups.push(() => transport.close());
    const error = await postJson(transport, `${server.url}/services/SECRET`, {}).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(true);
    expect((error as DeliveryError).message).toBe(`POST ${server.url}/…: timed out after 200ms`);
  });

  it('classifies answers: 5xx and 429 retryable with Retry-After, other refusals final', async () => {
    const statuses = [503, 429, 400];
    const server = await capture({
      respond: () => ({ status: statuses.shift() ?? 200, headers: { 'retry-after': '2' }, body: 'nope' }),
    });
    const transport = createTransport();
    cleanups.push(() => transport.close());
    const errors: DeliveryError[] = [];
    for (let i = 0; i < 3; i++)
      errors.push((await postJson(transport, server.url, {}).catch((err: unknown) => err)) as DeliveryError);
    expect(errors.map((e) => [e.status, e.retryable, e.retryAfterMs])).toEqual([
      [503, true, 2_000],
      [429, true, 2_000],
      [400, false, 2_000],
    ]);
    expect(errors[2].message).toBe(`POST ${server.url} answered 400: nope`);
  });
});

describe('parseRetryAfter and redactUrl', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('keeps scheme and host only', () => {
    expect(redactUrl('https://hooks.slack.com/services/T0/B0/XYZ?x=1')).toBe('https://hooks.slack.com/…');
    expect(redactUrl('https://user:pass@example.com')).toBe('https://example.com');
    expect(redactUrl('not a url')).toBe('<invalid URL>');
  });
});
