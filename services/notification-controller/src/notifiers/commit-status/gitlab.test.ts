import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { gitlabNotifier, gitlabProject } from './gitlab.js';
import { SHA, statusEvent, statusSettings } from './status-test-fixture.js';

const NAME = 'kustomization/podinfo/0c9c2e41';
const PROJECT = 'group%2Fsub%2Fproject';

let server: CaptureServer | undefined;
let transport: ClosableTransport | undefined;

afterEach(async () => {
  await server?.stop();
  await transport?.close();
  server = undefined;
  transport = undefined;
});

async function startGitLab(listed: unknown[]): Promise<CaptureServer> {
  server = await startCaptureServer({
    respond: (req) =>
      req.method === 'GET' ? { status: 200, body: JSON.stringify(listed) } : { status: 201, body: '{}' },
  });
  transport = createTransport();
  return server;
}

const settings = statusSettings('gitlab', 'gitlab', 'glpat-secret');

const event = statusEvent;

describe('gitlabNotifier', () => {
  it('lists statuses by name, then sets one on the url-encoded project', async () => {
    const gl = await startGitLab([]);
    await gitlabNotifier.send(event(), settings(`${gl.url}/group/sub/project.git`), transport!);

    const [list, create] = gl.requests();
    expect(gl.requests()).toHaveLength(2);
    expect(list.method).toBe('GET');
    expect(list.url).toBe(
      `/api/v4/projects/${PROJECT}/repository/commits/${SHA}/statuses?name=${encodeURIComponent(NAME)}`,
    );
    expect(list.headers['private-token']).toBe('glpat-secret');
    expect(create.method).toBe('POST');
    expect(create.url).toBe(`/api/v4/projects/${PROJECT}/statuses/${SHA}`);
    expect(create.headers['private-token']).toBe('glpat-secret');
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.json).toEqual({ state: 'success', name: NAME, description: 'reconciliation succeeded' });
  });

  it("uses GitLab's word for failure", async () => {
    const gl = await startGitLab([]);
    await gitlabNotifier.send(
      event({ severity: 'error', reason: 'BuildFailed' }),
      settings(`${gl.url}/group/project`),
      transport!,
    );
    expect(gl.requests()[1].json).toEqual({ state: 'failed', name: NAME, description: 'build failed' });
    expect(gl.requests()[1].url).toBe(`/api/v4/projects/group%2Fproject/statuses/${SHA}`);
  });

  it('does not post when an identical status exists', async () => {
    const gl = await startGitLab([
      { sha: SHA, name: NAME, status: 'failed', description: 'build failed' },
      { sha: SHA, name: NAME, status: 'success', description: 'reconciliation succeeded' },
    ]);
    await gitlabNotifier.send(event(), settings(`${gl.url}/group/sub/project`), transport!);
    expect(gl.requests().map((r) => r.method)).toEqual(['GET']);
  });

  it('posts when the listed status differs', async () => {
    const gl = await startGitLab([{ sha: SHA, name: NAME, status: 'failed', description: 'build failed' }]);
    await gitlabNotifier.send(event(), settings(`${gl.url}/group/sub/project`), transport!);
    expect(gl.requests().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('skips Progressing events', async () => {
    const gl = await startGitLab([]);
    await gitlabNotifier.send(event({ reason: 'Progressing' }), settings(`${gl.url}/group/project`), transport!);
    expect(gl.requests()).toHaveLength(0);
  });
});

describe('gitlabProject', () => {
  it('derives the API from the repository host', () => {
    expect(gitlabProject(settings('https://gitlab.com/fluxcd/flux2')).projectUrl).toBe(
      'https://gitlab.com/api/v4/projects/fluxcd%2Fflux2',
    );
  });

  it.each([
    ['no token', settings('https://gitlab.com/org/repo', { token: undefined }), /needs a token/],
    ['a single path segment', settings('https://gitlab.com/org'), /<group>/],
  ])('validate rejects %s', (_case, bad, message) => {
    expect(() => gitlabNotifier.validate(bad)).toThrow(ProviderConfigError);
    expect(() => gitlabNotifier.validate(bad)).toThrow(message);
  });
});
