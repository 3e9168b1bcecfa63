import type { FluxEvent } from '@driftless/api';
import { type CaptureReply, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { githubNotifier, githubRepository } from './github.js';
import { SHA, statusEvent, statusSettings } from './status-test-fixture.js';

const CONTEXT = 'kustomization/podinfo/0c9c2e41';

let server: CaptureServer | undefined;
let transport: ClosableTransport | undefined;

afterEach(async () => {
  await server?.stop();
  await transport?.close();
  server = undefined;
  transport = undefined;
});

/** A stand-in GitHub Enterprise: answers the status list with `listed`, and 201 to creates. */
async function startGitHub(listed: unknown[]): Promise<CaptureServer> {
  server = await startCaptureServer({
    respond: (req): CaptureReply =>
      req.method === 'GET' ? { status: 200, body: JSON.stringify(listed) } : { status: 201, body: '{}' },
  });
  transport = createTransport();
  return server;
}

const settings = statusSettings('github', 'github', 'ghp_secret');

const event = (overrides: Partial<FluxEvent> = {}) =>
  statusEvent({ message: 'Applied revision main@sha1:5394cb7', ...overrides });

describe('githubNotifier', () => {
  it('lists the statuses, then creates one with the Flux context and description', async () => {
    const gh = await startGitHub([]);
    await githubNotifier.send(event(), settings(`${gh.url}/org/repo.git`), transport!);

    const [list, create] = gh.requests();
    expect(gh.requests()).toHaveLength(2);
    expect(list.method).toBe('GET');
    expect(list.url).toBe(`/api/v3/repos/org/repo/commits/${SHA}/statuses?per_page=50`);
    expect(list.headers.authorization).toBe('Bearer ghp_secret');
    expect(create.method).toBe('POST');
    expect(create.url).toBe(`/api/v3/repos/org/repo/statuses/${SHA}`);
    expect(create.headers.authorization).toBe('Bearer ghp_secret');
    expect(create.headers.accept).toBe('application/vnd.github+json');
    expect(create.headers['x-github-api-version']).toBe('2022-11-28');
    expect(create.headers['user-agent']).toBeTruthy();
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.json).toEqual({ state: 'success', context: CONTEXT, description: 'reconciliation succeeded' });
  });

  it('reports an error event as failure', async () => {
    const gh = await startGitHub([]);
    await githubNotifier.send(
      event({ severity: 'error', reason: 'HealthCheckFailed' }),
      settings(`${gh.url}/org/repo`),
      transport!,
    );
    expect(gh.requests()[1].json).toEqual({ state: 'failure', context: CONTEXT, description: 'health check failed' });
  });

  it('does not post when the latest status with our context already says the same', async () => {
    const gh = await startGitHub([
      { context: 'other/context', state: 'failure', description: 'x' },
      { context: CONTEXT, state: 'success', description: 'reconciliation succeeded' },
      { context: CONTEXT, state: 'failure', description: 'health check failed' },
    ]);
    await githubNotifier.send(event(), settings(`${gh.url}/org/repo`), transport!);
    expect(gh.requests().map((r) => r.method)).toEqual(['GET']);
  });

  it('posts when the latest status with our context differs, even if an older one matches', async () => {
    const gh = await startGitHub([
      { context: CONTEXT, state: 'failure', description: 'health check failed' },
      { context: CONTEXT, state: 'success', description: 'reconciliation succeeded' },
    ]);
    await githubNotifier.send(event(), settings(`${gh.url}/org/repo`), transport!);
    expect(gh.requests().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(gh.requests()[1].json).toMatchObject({ state: 'success' });
  });

  it('skips Progressing events, as Flux does for GitHub', async () => {
    const gh = await startGitHub([]);
    await githubNotifier.send(event({ reason: 'Progressing' }), settings(`${gh.url}/org/repo`), transport!);
    expect(gh.requests()).toHaveLength(0);
  });

  it('keeps the description within the 140 characters GitHub accepts', async () => {
    const gh = await startGitHub([]);
    await githubNotifier.send(event({ reason: 'Very'.repeat(60) }), settings(`${gh.url}/org/repo`), transport!);
    const description = (gh.requests()[1].json as { description: string }).description;
    expect([...description]).toHaveLength(140);
  });
});

describe('githubRepository', () => {
  it('uses api.github.com for github.com and /api/v3 for other hosts', () => {
    expect(githubRepository(settings('https://github.com/fluxcd/flux2'))).toEqual({
      api: 'https://api.github.com',
      owner: 'fluxcd',
      repo: 'flux2',
    });
    expect(githubRepository(settings('http://ghe.example.com/team/app.git'))).toEqual({
      api: 'http://ghe.example.com/api/v3',
      owner: 'team',
      repo: 'app',
    });
  });

  it.each([
    ['no token', settings('https://github.com/org/repo', { token: undefined }), /needs a token/],
    ['no repository', settings('https://github.com/org'), /<owner>\/<repo>/],
    ['a nested path', settings('https://github.com/org/repo/extra'), /<owner>\/<repo>/],
    ['no address', settings(''), /needs an address/],
  ])('validate rejects %s', (_case, bad, message) => {
    expect(() => githubNotifier.validate(bad)).toThrow(ProviderConfigError);
    expect(() => githubNotifier.validate(bad)).toThrow(message);
  });
});
