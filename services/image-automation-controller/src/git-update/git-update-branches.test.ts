import { chmod, readFile, writeFile } from 'node:fs/promises';
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

describe('runGitUpdate push targets', () => {
  it('creates a new push branch from the checkout branch', async () => {
    const repo = await fixture.seed('new-branch', { 'deploy.yaml': 'image: app:v1\n' });

    const outcome = await runGitUpdate(await fixture.request(repo, { push: { branch: 'auto' } }));

    if (!outcome.pushed) throw new Error('not pushed');
    expect(outcome).toMatchObject({ branch: 'auto', base: repo.head });
    expect(await repo.git('rev-parse', 'refs/heads/auto')).toBe(outcome.commit);
    expect(await repo.git('log', '-1', '--format=%P', 'auto')).toBe(repo.head);
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(repo.head);
  });

  it('builds on an existing push branch, as Flux does', async () => {
    const repo = await fixture.seed('existing-branch', { 'deploy.yaml': 'image: app:v1\n' });
    await repo.tree.branch('auto');
    await repo.tree.write('review-notes.md', 'kept\n');
    const autoHead = await repo.tree.commit('work on auto');
    await repo.tree.push('auto');

    const outcome = await runGitUpdate(await fixture.request(repo, { push: { branch: 'auto' } }));

    if (!outcome.pushed) throw new Error('not pushed');
    expect(outcome).toMatchObject({ branch: 'auto', base: repo.head });
    expect(await repo.git('log', '-1', '--format=%P', 'auto')).toBe(autoHead);
    expect(await repo.git('ls-tree', '--name-only', 'auto')).toBe('deploy.yaml\nreview-notes.md');
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(repo.head);
  });

  it('pushes each change to <branchPrefix><changeId> once', async () => {
    const repo = await fixture.seed('prefix', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, {
      push: { branchPrefix: 'flux/update-' },
      apply: writeFileUpdate('deploy.yaml', 'image: app:v2\n', 'abc123'),
    });

    const first = await runGitUpdate(request);
    const second = await runGitUpdate(request);

    if (!first.pushed) throw new Error('not pushed');
    expect(first).toMatchObject({ branch: 'flux/update-abc123', base: repo.head });
    expect(await repo.git('log', '-1', '--format=%P', 'flux/update-abc123')).toBe(repo.head);
    expect(second).toEqual({ pushed: false, head: first.commit });
    expect(await repo.git('rev-parse', 'refs/heads/flux/update-abc123')).toBe(first.commit);
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(repo.head);
  });

  it('refuses branch together with branchPrefix', async () => {
    const repo = await fixture.seed('both', { 'deploy.yaml': 'v1\n' });
    const request = await fixture.request(repo, { push: { branch: 'a', branchPrefix: 'b-' } });

    await expect(runGitUpdate(request)).rejects.toMatchObject({ name: 'GitUpdateConfigError' });
  });

  it('pushes the refspec as well as the branch', async () => {
    const repo = await fixture.seed('refspec', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, { push: { refspec: 'refs/heads/main:refs/heads/auto' } });

    const outcome = await runGitUpdate(request);

    if (!outcome.pushed) throw new Error('not pushed');
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(outcome.commit);
    expect(await repo.git('rev-parse', 'refs/heads/auto')).toBe(outcome.commit);
  });

  it('pushes HEAD (the new commit) through a refspec from a push branch', async () => {
    const repo = await fixture.seed('refspec-head', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, {
      push: { branch: 'auto', refspec: 'HEAD:refs/for/main' },
    });

    const outcome = await runGitUpdate(request);

    if (!outcome.pushed) throw new Error('not pushed');
    expect(await repo.git('rev-parse', 'refs/for/main')).toBe(outcome.commit);
  });

  it('sends push options to a server that advertises them', async () => {
    const repo = await fixture.seed('options', { 'deploy.yaml': 'image: app:v1\n' });
    await repo.git('config', 'receive.advertisePushOptions', 'true');
    const received = join(repo.bareDir, 'received-options.txt');
    const hook = join(repo.bareDir, 'hooks', 'pre-receive');
    const script = `#!/bin/sh\ni=0\nwhile [ "$i" -lt "\${GIT_PUSH_OPTION_COUNT:-0}" ]; do eval "echo \\"\\$GIT_PUSH_OPTION_$i\\""; i=$((i+1)); done > '${received}'\n`;
    await writeFile(hook, script);
    await chmod(hook, 0o755);

    const request = await fixture.request(repo, {
      push: { options: { 'merge_request.target': 'release', 'merge_request.create': '' } },
    });
    const outcome = await runGitUpdate(request);

    expect(outcome.pushed).toBe(true);
    expect(await readFile(received, 'utf8')).toBe('merge_request.create=\nmerge_request.target=release\n');
  });
});
