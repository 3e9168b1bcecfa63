import { type CaptureReply, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { bitbucketNotifier, bitbucketRepository } from './bitbucket.js';
import { sha1Hex } from './status-common.js';
import { SHA, statusEvent, statusSettings } from './status-test-fixture.js';

const KEY = sha1Hex('kustomization/podinfo/0c9c2e41');
const BUILDS = `/2.0/repositories/workspace/repo/commit/${SHA}/statuses/build`;

let server: CaptureServer | undefined;
let transport: ClosableTransport | undefined;

afterEach(async () => {
  await server?.stop();
  await transport?.close();
  server = undefined;
  transport = undefined;
});

/** `existing` is the build status under our key, or undefined for Bitbucket's 404. */
async function startBitbucket(existing?: unknown): Promise<CaptureServer> {
  server = await startCaptureServer({
    respond: (req): CaptureReply => {
      if (req.method === 'POST') return { status: 201, body: '{}' };
      return existing === undefined
        ? { status: 404, body: '{"type":"error"}' }
        : { status: 200, body: JSON.stringify(existing) };
    },
  });
  transport = createTransport();
  return server;
}

const settings = statusSettings('bitbucket', 'bitbucket', 'jane:app-password');

const event = statusEvent;

describe('bitbucketNotifier', () => {
  it('looks up the status by key (404 = none yet), then posts a build status with basic auth', async () => {
    const bb = await startBitbucket();
    await bitbucketNotifier.send(event(), settings(`${bb.url}/workspace/repo.git`), transport!);

    const [lookup, create] = bb.requests();
    expect(bb.requests()).toHaveLength(2);
    expect(lookup.method).toBe('GET');
    expect(lookup.url).toBe(`${BUILDS}/${KEY}`);
    const basic = `Basic ${Buffer.from('jane:app-password').toString('base64')}`;
    expect(lookup.headers.authorization).toBe(basic);
    expect(create.method).toBe('POST');
    expect(create.url).toBe(BUILDS);
    expect(create.headers.authorization).toBe(basic);
    expect(create.json).toEqual({
      state: 'SUCCESSFUL',
      key: KEY,
      name: 'kustomization/podinfo',
      description: 'reconciliation succeeded',
      url: 'https://bitbucket.org',
    });
    expect(KEY).toHaveLength(40);
  });

  it('reports error events as FAILED', async () => {
    const bb = await startBitbucket({ key: KEY, state: 'SUCCESSFUL', description: 'reconciliation succeeded' });
    await bitbucketNotifier.send(
      event({ severity: 'error', reason: 'HealthCheckFailed' }),
      settings(`${bb.url}/workspace/repo`),
      transport!,
    );
    expect(bb.requests()[1].json).toMatchObject({ state: 'FAILED', description: 'health check failed' });
  });

  it('does not post when the status under our key is unchanged', async () => {
    const bb = await startBitbucket({ key: KEY, state: 'SUCCESSFUL', description: 'reconciliation succeeded' });
    await bitbucketNotifier.send(event(), settings(`${bb.url}/workspace/repo`), transport!);
    expect(bb.requests().map((r) => r.method)).toEqual(['GET']);
  });

  it('sends a bearer token when the username is x-token-auth', async () => {
    const bb = await startBitbucket();
    await bitbucketNotifier.send(
      event(),
      settings(`${bb.url}/workspace/repo`, { token: 'x-token-auth:repo-access-token' }),
      transport!,
    );
    expect(bb.requests()[1].headers.authorization).toBe('Bearer repo-access-token');
  });

  it('skips Progressing events', async () => {
    const bb = await startBitbucket();
    await bitbucketNotifier.send(event({ reason: 'Progressing' }), settings(`${bb.url}/workspace/repo`), transport!);
    expect(bb.requests()).toHaveLength(0);
  });
});

describe('bitbucketRepository', () => {
  it('uses api.bitbucket.org for bitbucket.org', () => {
    expect(bitbucketRepository(settings('https://bitbucket.org/workspace/repo.git')).repoUrl).toBe(
      'https://api.bitbucket.org/2.0/repositories/workspace/repo',
    );
  });

  it.each([
    ['no token', settings('https://bitbucket.org/w/r', { token: undefined })],
    ['a token without a username', settings('https://bitbucket.org/w/r', { token: 'just-a-token' })],
    ['an empty password', settings('https://bitbucket.org/w/r', { token: 'jane:' })],
  ])('validate rejects %s without echoing the token', (_case, bad) => {
    expect(() => bitbucketNotifier.validate(bad)).toThrow(ProviderConfigError);
    expect(() => bitbucketNotifier.validate(bad)).toThrow(/<username>:<app password or API token>/);
    expect(() => bitbucketNotifier.validate(bad)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('just-a-token') }),
    );
  });

  it('validate rejects an address that is not <workspace>/<repo>', () => {
    expect(() => bitbucketNotifier.validate(settings('https://bitbucket.org/workspace'))).toThrow(/<owner>\/<repo>/);
  });
});
