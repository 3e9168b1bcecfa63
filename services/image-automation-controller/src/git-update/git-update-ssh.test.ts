import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkTree, runGit, type SshServer, startSshServer, type WorkTree } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGitUpdate } from './git-update.js';
import { writeFileUpdate } from './git-update-fixture.js';
import type { GitUpdateRequest } from './git-update-types.js';

const sshdInstalled = existsSync('/usr/sbin/sshd');
let server: SshServer;
let root: string;
const trees: WorkTree[] = [];

beforeAll(async () => {
  if (!sshdInstalled) return;
  server = await startSshServer();
  root = await mkdtemp(join(tmpdir(), 'driftless-git-update-ssh-'));
});

afterAll(async () => {
  for (const tree of trees) await tree.cleanup();
  await server?.stop();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

async function seed(name: string): Promise<{ bareDir: string; tree: WorkTree; head: string }> {
  const bareDir = join(root, `${name}.git`);
  await runGit(['init', '--quiet', '--bare', '--initial-branch=main', bareDir]);
  const tree = await createWorkTree({ origin: bareDir });
  trees.push(tree);
  await tree.write('deploy.yaml', 'image: app:v1\n');
  const head = await tree.commit('initial');
  await tree.push('main');
  return { bareDir, tree, head };
}

function request(bareDir: string, name: string, overrides: Partial<GitUpdateRequest> = {}): GitUpdateRequest {
  return {
    url: server.url(bareDir),
    credentials: { identity: server.clientIdentity, knownHosts: server.knownHosts },
    checkoutBranch: 'main',
    push: {},
    author: { name: 'Flux Bot', email: 'flux@example.com' },
    apply: writeFileUpdate('deploy.yaml', 'image: app:v2\n', 'c'),
    workDir: join(root, `${name}-cache`),
    signal: new AbortController().signal,
    maxPushAttempts: 2,
    ...overrides,
  };
}

describe.skipIf(!sshdInstalled)('runGitUpdate over SSH', () => {
  it('fetches and pushes with the system git', async () => {
    const { bareDir, head } = await seed('ssh-push');

    const outcome = await runGitUpdate(request(bareDir, 'ssh-push'));

    if (!outcome.pushed) throw new Error('not pushed');
    const git = async (...args: string[]) => (await runGit(args, { cwd: bareDir })).stdout.trim();
    expect(await git('rev-parse', 'refs/heads/main')).toBe(outcome.commit);
    expect(await git('log', '-1', '--format=%an|%P|%B', 'main')).toBe(`Flux Bot|${head}|Update deploy.yaml`);
  });

  it('retries a push rejected as non-fast-forward', async () => {
    const { bareDir, tree } = await seed('ssh-race');
    let calls = 0;
    let concurrent = '';
    const update = writeFileUpdate('deploy.yaml', 'image: app:v2\n', 'c');

    const outcome = await runGitUpdate(
      request(bareDir, 'ssh-race', {
        apply: async (worktree) => {
          if (calls++ === 0) {
            await tree.write('someone-else.txt', 'x\n');
            concurrent = await tree.commit('concurrent');
            await tree.push('main');
          }
          return update(worktree);
        },
      }),
    );

    expect(outcome).toMatchObject({ pushed: true, attempts: 2, base: concurrent });
  });

  it('reports an unknown host key as an authentication error', async () => {
    const { bareDir } = await seed('ssh-hostkey');
    const other = `[127.0.0.1]:${server.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE7lW0ZlK0Dk7W7lH4HqGq0f0n0v8uHq0b1k1yqkQm3F`;

    await expect(
      runGitUpdate(
        request(bareDir, 'ssh-hostkey', { credentials: { identity: server.clientIdentity, knownHosts: other } }),
      ),
    ).rejects.toMatchObject({ name: 'GitAuthenticationError' });
  });
});
