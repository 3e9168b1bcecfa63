import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { giteaNotifier } from './gitea.js';
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

async function startGitea(listed: unknown[]): Promise<CaptureServer> {
  server = await startCaptureServer({
    respond: (req) =>
      req.method === 'GET' ? { status: 200, body: JSON.stringify(listed) } : { status: 201, body: '{}' },
  });
  transport = createTransport();
  return server;
}

const settings = statusSettings('gitea', 'gitea', 'gitea-secret');

const event = statusEvent;

describe('giteaNotifier', () => {
  it('lists statuses, then creates one with token auth', async () => {
    const gt = await startGitea([]);
    await giteaNotifier.send(event(), settings(`${gt.url}/org/repo.git`), transport!);

    const [list, create] = gt.requests();
    expect(gt.requests()).toHaveLength(2);
    expect(list.method).toBe('GET');
    expect(list.url).toBe(`/api/v1/repos/org/repo/commits/${SHA}/statuses?page=1&limit=50`);
    expect(list.headers.authorization).toBe('token gitea-secret');
    expect(create.method).toBe('POST');
    expect(create.url).toBe(`/api/v1/repos/org/repo/statuses/${SHA}`);
    expect(create.headers.authorization).toBe('token gitea-secret');
    expect(create.json).toEqual({
      state: 'success',
      target_url: '',
      description: 'reconciliation succeeded',
      context: CONTEXT,
    });
  });

  it('shows Progressing events as pending (Gitea is the one forge Flux does this for)', async () => {
    const gt = await startGitea([]);
    await giteaNotifier.send(event({ reason: 'Progressing' }), settings(`${gt.url}/org/repo`), transport!);
    expect(gt.requests()[1].json).toMatchObject({ state: 'pending', description: 'progressing' });
  });

  it('reports error events as failure', async () => {
    const gt = await startGitea([]);
    await giteaNotifier.send(
      event({ severity: 'error', reason: 'HealthCheckFailed' }),
      settings(`${gt.url}/o/r`),
      transport!,
    );
    expect(gt.requests()[1].json).toMatchObject({ state: 'failure', description: 'health check failed' });
  });

  it('does not post when the latest status with our context (state in `status`) is the same', async () => {
    const gt = await startGitea([{ context: CONTEXT, status: 'success', description: 'reconciliation succeeded' }]);
    await giteaNotifier.send(event(), settings(`${gt.url}/org/repo`), transport!);
    expect(gt.requests().map((r) => r.method)).toEqual(['GET']);
  });

  it('posts when the latest status with our context differs', async () => {
    const gt = await startGitea([
      { context: CONTEXT, status: 'pending', description: 'progressing' },
      { context: CONTEXT, status: 'success', description: 'reconciliation succeeded' },
    ]);
    await giteaNotifier.send(event(), settings(`${gt.url}/org/repo`), transport!);
    expect(gt.requests().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it("falls back to the Secret's password as the token, as Flux does", async () => {
    const gt = await startGitea([]);
    await giteaNotifier.send(
      event(),
      settings(`${gt.url}/org/repo`, { token: undefined, password: 'from-password' }),
      transport!,
    );
    expect(gt.requests()[1].headers.authorization).toBe('token from-password');
  });

  it.each([
    ['no token or password', settings('https://gitea.example.com/o/r', { token: undefined }), /needs a token/],
    ['a nested path', settings('https://gitea.example.com/o/r/x'), /<owner>\/<repo>/],
  ])('validate rejects %s', (_case, bad, message) => {
    expect(() => giteaNotifier.validate(bad)).toThrow(ProviderConfigError);
    expect(() => giteaNotifier.validate(bad)).toThrow(message);
  });
});
