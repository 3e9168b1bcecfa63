import { type CaptureReply, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { bitbucketServerNotifier, bitbucketServerRepository } from './bitbucket-server.js';
import { sha1Hex } from './status-common.js';
import { SHA, statusEvent, statusSettings } from './status-test-fixture.js';

const KEY = sha1Hex('kustomization/podinfo/0c9c2e41');
const NAME = 'kustomization/podinfo [reconciliation succeeded]';

let server: CaptureServer | undefined;
let transport: ClosableTransport | undefined;

afterEach(async () => {
  await server?.stop();
  await transport?.close();
  server = undefined;
  transport = undefined;
});

/** `existing` is the build status under our key, or undefined for a 404. */
async function startBitbucketServer(existing?: unknown): Promise<CaptureServer> {
  server = await startCaptureServer({
    respond: (req): CaptureReply => {
      if (req.method === 'POST') return { status: 204 };
      return existing === undefined ? { status: 404, body: '{}' } : { status: 200, body: JSON.stringify(existing) };
    },
  });
  transport = createTransport();
  return server;
}

const settings = statusSettings('bitbucketserver', 'bitbucket-server', 'bbs-token');

const event = statusEvent;

describe('bitbucketServerNotifier', () => {
  it('looks up the build status by key, then posts one with bearer auth and the Atlassian headers', async () => {
    const bbs = await startBitbucketServer();
    const address = `${bbs.url}/scm/prj/repo.git`;
    await bitbucketServerNotifier.send(event(), settings(address), transport!);

    const builds = `/rest/api/latest/projects/prj/repos/repo/commits/${SHA}/builds`;
    const [lookup, create] = bbs.requests();
    expect(bbs.requests()).toHaveLength(2);
    expect(lookup.method).toBe('GET');
    expect(lookup.url).toBe(`${builds}?key=${KEY}`);
    expect(lookup.headers.authorization).toBe('Bearer bbs-token');
    expect(create.method).toBe('POST');
    expect(create.url).toBe(builds);
    expect(create.headers.authorization).toBe('Bearer bbs-token');
    expect(create.headers['x-atlassian-token']).toBe('no-check');
    expect(create.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.json).toEqual({
      key: KEY,
      state: 'SUCCESSFUL',
      url: address,
      description: 'reconciliation succeeded',
      name: NAME,
    });
  });

  it('keeps the context path before /scm/ and uses basic auth without a token', async () => {
    const bbs = await startBitbucketServer();
    await bitbucketServerNotifier.send(
      event({ severity: 'error', reason: 'HealthCheckFailed' }),
      settings(`${bbs.url}/bitbucket/scm/prj/repo.git`, { token: undefined, username: 'jane', password: 'pw' }),
      transport!,
    );
    const create = bbs.requests()[1];
    expect(create.url).toBe(`/bitbucket/rest/api/latest/projects/prj/repos/repo/commits/${SHA}/builds`);
    expect(create.headers.authorization).toBe(`Basic ${Buffer.from('jane:pw').toString('base64')}`);
    expect(create.json).toMatchObject({ state: 'FAILED', name: 'kustomization/podinfo [health check failed]' });
  });

  it('does not post when the status under our key is unchanged', async () => {
    const bbs = await startBitbucketServer({
      key: KEY,
      state: 'SUCCESSFUL',
      description: 'reconciliation succeeded',
      name: NAME,
    });
    await bitbucketServerNotifier.send(event(), settings(`${bbs.url}/scm/prj/repo.git`), transport!);
    expect(bbs.requests().map((r) => r.method)).toEqual(['GET']);
  });

  it('does not send the credentials of the address back in the status link', async () => {
    const bbs = await startBitbucketServer();
    const address = bbs.url.replace('://', '://jane:hunter2@');
    await bitbucketServerNotifier.send(event(), settings(`${address}/scm/prj/repo.git`), transport!);
    expect(bbs.requests()[1].json).toMatchObject({ url: `${bbs.url}/scm/prj/repo.git` });
  });

  it('skips Progressing events', async () => {
    const bbs = await startBitbucketServer();
    await bitbucketServerNotifier.send(
      event({ reason: 'Progressing' }),
      settings(`${bbs.url}/scm/prj/repo.git`),
      transport!,
    );
    expect(bbs.requests()).toHaveLength(0);
  });
});

describe('bitbucketServerRepository', () => {
  it('derives the REST path from the clone URL', () => {
    expect(bitbucketServerRepository(settings('https://git.example.com/scm/PRJ/my-repo.git')).repoUrl).toBe(
      'https://git.example.com/rest/api/latest/projects/PRJ/repos/my-repo',
    );
  });

  it.each([
    [
      'no credentials',
      settings('https://git.example.com/scm/p/r.git', { token: undefined, username: 'jane' }),
      /token.*or a username and password/,
    ],
    ['a browse URL instead of a clone URL', settings('https://git.example.com/projects/P/repos/r'), /\/scm\//],
    ['a clone URL without a repository', settings('https://git.example.com/scm/p'), /\/scm\//],
  ])('validate rejects %s', (_case, bad, message) => {
    expect(() => bitbucketServerNotifier.validate(bad)).toThrow(ProviderConfigError);
    expect(() => bitbucketServerNotifier.validate(bad)).toThrow(message);
  });
});
