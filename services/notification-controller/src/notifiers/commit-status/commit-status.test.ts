import type { FluxEvent, ProviderType } from '@driftless/api';
import { type CaptureReply, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { commitStatusNotifiers } from './index.js';

const SHA = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';

/** A valid address path and credentials per type, on whatever host the test server runs. */
const REPOSITORIES: Record<string, { path: string; credentials: Partial<ProviderSettings> }> = {
  github: { path: '/org/repo', credentials: { token: 'secret-token' } },
  gitlab: { path: '/group/project', credentials: { token: 'secret-token' } },
  gitea: { path: '/org/repo', credentials: { token: 'secret-token' } },
  bitbucket: { path: '/workspace/repo', credentials: { token: 'jane:secret-token' } },
  bitbucketserver: { path: '/scm/prj/repo.git', credentials: { token: 'secret-token' } },
  azuredevops: { path: '/org/project/_git/repo', credentials: { token: 'secret-token' } },
};

let server: CaptureServer | undefined;
let transport: ClosableTransport | undefined;

afterEach(async () => {
  await server?.stop();
  await transport?.close();
  server = undefined;
  transport = undefined;
});

type Responder = (request: { method: string }) => CaptureReply;

async function start(respond: Responder = () => ({ status: 200, body: '[]' })): Promise<CaptureServer> {
  server = await startCaptureServer({ respond });
  transport = createTransport();
  return server;
}

function settings(type: ProviderType, host: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  const { path, credentials } = REPOSITORIES[type];
  return {
    type,
    namespace: 'apps',
    name: type,
    uid: '0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a',
    address: `${host}${path}`,
    headers: {},
    ...credentials,
    ...overrides,
  };
}

function event(overrides: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
    severity: 'info',
    timestamp: '2024-01-01T00:00:00Z',
    message: 'applied',
    reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${SHA}` },
    reportingController: 'kustomize-controller',
    ...overrides,
  };
}

describe('commitStatusNotifiers', () => {
  it('covers the six git forges Flux sets commit statuses on', () => {
    expect(commitStatusNotifiers.map((n) => n.type).sort()).toEqual(
      ['azuredevops', 'bitbucket', 'bitbucketserver', 'gitea', 'github', 'gitlab'].sort(),
    );
  });

  describe.each(commitStatusNotifiers.map((n) => [n.type, n] as const))('%s', (type, notifier) => {
    it('accepts valid settings', () => {
      expect(() => notifier.validate(settings(type, 'https://git.example.com'))).not.toThrow();
    });

    it('refuses commitStatusExpr, which needs CEL', async () => {
      const withExpr = settings(type, 'https://git.example.com', { commitStatusExpr: 'event.involvedObject.name' });
      expect(() => notifier.validate(withExpr)).toThrow(ProviderConfigError);
      expect(() => notifier.validate(withExpr)).toThrow(/commitStatusExpr/);
      transport = createTransport();
      await expect(notifier.send(event(), withExpr, transport)).rejects.toThrow(ProviderConfigError);
    });

    it('never puts the token in a config error', () => {
      const noAddress = settings(type, '', { address: '' });
      expect(() => notifier.validate(noAddress)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('secret-token') }),
      );
    });

    it.each([
      ['no revision metadata', event({ metadata: { summary: 'prod' } })],
      [
        'an OCI digest revision',
        event({ metadata: { 'kustomize.toolkit.fluxcd.io/revision': `v1@sha256:${'a'.repeat(64)}` } }),
      ],
      ['a chart version', event({ metadata: { 'helm.toolkit.fluxcd.io/revision': '6.5.4' } })],
      ['a trace event', event({ severity: 'trace' })],
    ])('quietly skips %s', async (_case, skipped) => {
      const forge = await start();
      await expect(notifier.send(skipped, settings(type, forge.url), transport!)).resolves.toBeUndefined();
      expect(forge.requests()).toHaveLength(0);
    });

    it('uses the origin revision of an OCI artifact built from git', async () => {
      const origin = 'e7c17dd8b8384bbc84b7e7385394cb7f48332b2d';
      const forge = await start(() => ({ status: 200, body: '[]' }));
      await notifier.send(
        event({
          metadata: {
            'kustomize.toolkit.fluxcd.io/revision': `latest@sha256:${'a'.repeat(64)}`,
            'kustomize.toolkit.fluxcd.io/originRevision': `main@sha1:${origin}`,
          },
        }),
        settings(type, forge.url),
        transport!,
      );
      expect(forge.requests().length).toBeGreaterThan(0);
      for (const request of forge.requests()) expect(request.url).toContain(origin);
    });
  });
});

describe('delivery errors', () => {
  it('a 5xx from the status lookup is retryable', async () => {
    const forge = await start(() => ({ status: 503, headers: { 'retry-after': '7' }, body: 'maintenance' }));
    const failure = await commitStatusNotifiers[0]
      .send(event(), settings('github', forge.url), transport!)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: true, status: 503, retryAfterMs: 7000 });
  });

  it('a 4xx refusal of the create (GitHub 422) is not retryable, and the error does not carry the token', async () => {
    const forge = await start((req) =>
      req.method === 'GET' ? { status: 200, body: '[]' } : { status: 422, body: '{"message":"Validation Failed"}' },
    );
    const failure = await commitStatusNotifiers[0]
      .send(event(), settings('github', forge.url), transport!)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: false, status: 422 });
    expect((failure as Error).message).not.toContain('secret-token');
    expect(forge.requests().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('a 404 from a status list (wrong repository) is not retryable', async () => {
    const forge = await start(() => ({ status: 404, body: '{"message":"Not Found"}' }));
    const gitlab = commitStatusNotifiers.find((n) => n.type === 'gitlab')!;
    await expect(gitlab.send(event(), settings('gitlab', forge.url), transport!)).rejects.toMatchObject({
      name: 'DeliveryError',
      retryable: false,
      status: 404,
    });
  });
});
