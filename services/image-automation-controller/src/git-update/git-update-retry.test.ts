import { createWorkTree, startGitServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitPushRejectedError, runGitUpdate } from './git-update.js';
import {
  type GitUpdateFixture,
  type SeededRepo,
  startGitUpdateFixture,
  writeFileUpdate,
} from './git-update-fixture.js';
import type { ApplyUpdate } from './git-update-types.js';

let fixture: GitUpdateFixture;

beforeAll(async () => {
  fixture = await startGitUpdateFixture();
});

afterAll(async () => {
  await fixture?.stop();
});

/** An apply that, on its first call only, lets "someone else" push to main before the update is pushed. */
function racingApply(repo: SeededRepo, pushed: string[]): ApplyUpdate {
  let calls = 0;
  const update = writeFileUpdate('deploy.yaml', 'image: app:v2\n', 'c');
  return async (worktree) => {
    if (calls++ === 0) {
      await repo.tree.write('someone-else.txt', 'concurrent change\n');
      pushed.push(await repo.tree.commit('concurrent commit'));
      await repo.tree.push('main');
    }
    return update(worktree);
  };
}

describe('runGitUpdate when the push is rejected', () => {
  it('refetches, re-applies and pushes on top of the concurrent commit', async () => {
    const repo = await fixture.seed('race', { 'deploy.yaml': 'image: app:v1\n' });
    const concurrent: string[] = [];
    const request = await fixture.request(repo, { apply: racingApply(repo, concurrent), maxPushAttempts: 2 });

    const outcome = await runGitUpdate(request);

    if (!outcome.pushed) throw new Error('not pushed');
    expect(outcome).toMatchObject({ attempts: 2, base: concurrent[0] });
    expect(await repo.git('log', '-1', '--format=%P', 'main')).toBe(concurrent[0]);
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(outcome.commit);
    expect(await repo.git('diff', '--name-only', concurrent[0], outcome.commit)).toBe('deploy.yaml');
  });

  it('gives up with GitPushRejectedError when the attempts are used up', async () => {
    const repo = await fixture.seed('race-limit', { 'deploy.yaml': 'image: app:v1\n' });
    const concurrent: string[] = [];
    const request = await fixture.request(repo, { apply: racingApply(repo, concurrent), maxPushAttempts: 1 });

    const failure = await runGitUpdate(request).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(GitPushRejectedError);
    expect((failure as Error).message).toMatch(/not a fast-forward.*1 attempt/);
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(concurrent[0]);
  });
});

describe('runGitUpdate authentication', () => {
  it('reports a wrong password as an authentication error without the password', async () => {
    const repo = await fixture.seed('auth', { 'deploy.yaml': 'image: app:v1\n' });
    const wrong = 'wrong-secret-value-42';
    const request = await fixture.request(repo, { credentials: { username: fixture.username, password: wrong } });

    const failure = await runGitUpdate(request).catch((err: unknown) => err);

    expect(failure).toMatchObject({ name: 'GitAuthenticationError' });
    expect(String((failure as Error).message)).toContain(repo.url);
    expect(JSON.stringify({ message: (failure as Error).message, stack: (failure as Error).stack })).not.toContain(
      wrong,
    );
  });

  it('pushes with a bearer token', async () => {
    const token = 'token-for-bearer-auth';
    const server = await startGitServer({ auth: { token } });
    const tree = await createWorkTree({
      origin: server.repoUrl('bearer'),
      config: { 'http.extraHeader': `Authorization: Bearer ${token}` },
    });
    try {
      await server.createRepo('bearer');
      await tree.write('deploy.yaml', 'image: app:v1\n');
      const head = await tree.commit('initial');
      await tree.push('main');

      const outcome = await runGitUpdate({
        ...(await fixture.request({ url: server.repoUrl('bearer') } as SeededRepo, {})),
        credentials: { bearerToken: token },
      });

      expect(outcome).toMatchObject({ pushed: true, base: head });
    } finally {
      await tree.cleanup();
      await server.stop();
    }
  });
});
