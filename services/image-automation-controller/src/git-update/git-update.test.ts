import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGitUpdate } from './git-update.js';
import { type GitUpdateFixture, startGitUpdateFixture, writeFileUpdate } from './git-update-fixture.js';

let fixture: GitUpdateFixture;

beforeAll(async () => {
  fixture = await startGitUpdateFixture();
});

afterAll(async () => {
  await fixture?.stop();
});

describe('runGitUpdate', () => {
  it('commits the change and pushes it to the checkout branch', async () => {
    const repo = await fixture.seed('commit', { 'deploy.yaml': 'image: app:v1\n', 'other.yaml': 'keep\n' });
    const request = await fixture.request(repo, {});

    const outcome = await runGitUpdate(request);

    expect(outcome).toMatchObject({ pushed: true, branch: 'main', base: repo.head, attempts: 1 });
    if (!outcome.pushed) throw new Error('not pushed');
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(outcome.commit);
    expect(await repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>|%P|%B', 'main')).toBe(
      `Flux Bot <flux@example.com>|Flux Bot <flux@example.com>|${repo.head}|Update deploy.yaml`,
    );
    expect(await repo.git('diff', '--name-only', repo.head, outcome.commit)).toBe('deploy.yaml');
    expect(await repo.git('show', `${outcome.commit}:deploy.yaml`)).toBe('image: app:v2');
  });

  it('stages added and deleted files as well', async () => {
    const repo = await fixture.seed('add-delete', { 'a.yaml': 'a\n', 'gone.yaml': 'bye\n' });
    const request = await fixture.request(repo, {
      apply: async (worktree) => {
        await writeFile(join(worktree, 'new.yaml'), 'new\n');
        await rm(join(worktree, 'gone.yaml'));
        return { message: 'add and delete', changeId: 'x' };
      },
    });

    const outcome = await runGitUpdate(request);

    if (!outcome.pushed) throw new Error('not pushed');
    expect(await repo.git('diff', '--name-status', repo.head, outcome.commit)).toBe('D\tgone.yaml\nA\tnew.yaml');
  });

  it('makes no commit when apply reports no change, or changes nothing', async () => {
    const repo = await fixture.seed('no-change', { 'deploy.yaml': 'image: app:v1\n' });
    const none = await runGitUpdate(await fixture.request(repo, { apply: async () => undefined }));
    const same = await runGitUpdate(
      await fixture.request(repo, { apply: writeFileUpdate('deploy.yaml', 'image: app:v1\n', 'same') }),
    );

    expect(none).toEqual({ pushed: false, head: repo.head });
    expect(same).toEqual({ pushed: false, head: repo.head });
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(repo.head);
  });

  it('reuses its cache and starts from a clean tree on the next run', async () => {
    const repo = await fixture.seed('reuse', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, {
      apply: async (worktree) => {
        await writeFile(join(worktree, 'stray.txt'), 'left behind\n');
        return undefined;
      },
    });
    await runGitUpdate(request);

    const seen: string[] = [];
    const second = await runGitUpdate({
      ...request,
      apply: async (worktree) => {
        seen.push(...(await readdirNames(worktree)));
        return writeFileUpdate('deploy.yaml', 'image: app:v3\n', 'c')(worktree);
      },
    });

    expect(seen).toEqual(['deploy.yaml']);
    if (!second.pushed) throw new Error('not pushed');
    expect(await repo.git('diff', '--name-only', repo.head, second.commit)).toBe('deploy.yaml');
  });

  it('stops with a timeout error when the signal is aborted', async () => {
    const repo = await fixture.seed('aborted', { 'deploy.yaml': 'image: app:v1\n' });
    const controller = new AbortController();
    controller.abort(new DOMException('timed out', 'TimeoutError'));

    await expect(runGitUpdate(await fixture.request(repo, { signal: controller.signal }))).rejects.toMatchObject({
      name: 'GitTimeoutError',
      message: expect.stringContaining('timed out'),
    });
  });

  it('wipes a corrupt cache and recovers', async () => {
    const repo = await fixture.seed('corrupt', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, { apply: async () => undefined });
    await runGitUpdate(request);
    const packDir = join(request.workDir, 'repo', 'objects', 'pack');
    for (const name of await readdirNames(packDir)) {
      if (name.endsWith('.pack')) await writeFile(join(packDir, name), 'PACK garbage, not a pack file');
    }
    await writeFile(join(request.workDir, 'repo', 'marker'), 'wiped with the cache');

    const outcome = await runGitUpdate({ ...request, apply: writeFileUpdate('deploy.yaml', 'v9\n', 'c') });

    expect(outcome).toMatchObject({ pushed: true, base: repo.head });
    expect(await readdirNames(join(request.workDir, 'repo'))).not.toContain('marker');
    expect(await readFile(join(request.workDir, 'worktree', 'deploy.yaml'), 'utf8')).toBe('v9\n');
  });
});

async function readdirNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
