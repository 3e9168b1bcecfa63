import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GitServer } from '@driftless/testkit';

const run = promisify(execFile);

const identity = {
  GIT_AUTHOR_NAME: 'driftless dev',
  GIT_AUTHOR_EMAIL: 'dev@driftless.local',
  GIT_COMMITTER_NAME: 'driftless dev',
  GIT_COMMITTER_EMAIL: 'dev@driftless.local',
};

/**
 * Publishes the examples directory as `examples.git` on the local Git server, once: a repository
 * already there (with the user's own commits) is left as it is.
 */
export async function publishExamples(
  server: GitServer,
  examplesDir: string,
  path: string | undefined,
): Promise<'published' | 'kept'> {
  if (existsSync(join(server.root, 'examples.git'))) return 'kept';
  if (!existsSync(examplesDir)) throw new Error(`the examples directory ${examplesDir} does not exist`);
  await server.createRepo('examples');
  const work = await mkdtemp(join(tmpdir(), 'driftless-examples-'));
  try {
    const git = (...args: string[]) =>
      run('git', ['-c', 'commit.gpgSign=false', ...args], {
        cwd: work,
        env: { PATH: path ?? '', HOME: work, ...identity },
      });
    await cp(examplesDir, work, { recursive: true });
    await git('init', '--quiet', '--initial-branch=main');
    await git('add', '--all');
    await git('commit', '--quiet', '--message', 'examples: the podinfo app, a HelmRelease, image automation, alerts');
    await git('push', '--quiet', server.repoUrl('examples'), 'main');
    return 'published';
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
