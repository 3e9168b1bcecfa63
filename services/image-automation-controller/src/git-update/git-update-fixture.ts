import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkTree, type GitServer, runGit, startGitServer, type WorkTree } from '@driftless/testkit';
import type { ApplyUpdate, GitUpdateRequest } from './git-update-types.js';

/** Test support: a real `git http-backend` server with basic auth, seeded repos and request defaults. */
export interface GitUpdateFixture {
  server: GitServer;
  username: string;
  password: string;
  /** Creates `<name>.git` with `files` committed on `main`; returns a work tree cloned from it. */
  seed(name: string, files: Record<string, string>): Promise<SeededRepo>;
  /** A fresh cache dir, removed by `stop()`. */
  workDir(): Promise<string>;
  request(repo: SeededRepo, overrides: Partial<GitUpdateRequest>): Promise<GitUpdateRequest>;
  stop(): Promise<void>;
}

export interface SeededRepo {
  url: string;
  /** The bare repo on the server, for inspection with the real git. */
  bareDir: string;
  /** A work tree whose `origin` is the repo (pushes with the server's credentials). */
  tree: WorkTree;
  head: string;
  /** `git` in the bare repo; returns trimmed stdout. */
  git(...args: string[]): Promise<string>;
}

export async function startGitUpdateFixture(): Promise<GitUpdateFixture> {
  const username = 'automation';
  const password = 'p4ssw0rd-not-for-logs';
  const server = await startGitServer({ auth: { username, password } });
  const header = `Authorization: Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const cleanups: (() => Promise<void>)[] = [];
  const workDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-git-update-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  return {
    server,
    username,
    password,
    async seed(name, files) {
      const bareDir = await server.createRepo(name);
      const url = server.repoUrl(name);
      const tree = await createWorkTree({ origin: url, config: { 'http.extraHeader': header } });
      cleanups.push(() => tree.cleanup());
      for (const [path, content] of Object.entries(files)) await tree.write(path, content);
      await tree.commit('initial');
      await tree.push('main');
      const git = async (...args: string[]) => (await runGit(args, { cwd: bareDir })).stdout.trim();
      return { url, bareDir, tree, head: await tree.head(), git };
    },
    workDir,
    async request(repo, overrides) {
      return {
        url: repo.url,
        credentials: { username, password },
        checkoutBranch: 'main',
        push: {},
        author: { name: 'Flux Bot', email: 'flux@example.com' },
        apply: writeFileUpdate('deploy.yaml', 'image: app:v2\n', 'change-1'),
        workDir: await workDir(),
        signal: new AbortController().signal,
        maxPushAttempts: 1,
        ...overrides,
      };
    },
    async stop() {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await server.stop();
    },
  };
}

/** An `apply` that writes one file and reports a change. */
export function writeFileUpdate(path: string, content: string, changeId: string): ApplyUpdate {
  return async (worktree) => {
    await writeFile(join(worktree, path), content);
    return { message: `Update ${path}`, changeId };
  };
}
