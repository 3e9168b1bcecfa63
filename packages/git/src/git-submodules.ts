import * as fs from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { runGitCli } from './git-cli.js';
import { type CliRemote, fetchCli, markFetchedCli } from './git-cli-transport.js';
import { GitReferenceNotFoundError, GitSizeLimitError } from './git-errors.js';
import type { ResolvedReference } from './git-refs.js';
import { type CommitInfo, commitInfo } from './git-tree-writer.js';

export interface SubmoduleCheckout {
  remote: CliRemote;
  /** The cached work tree (`<cacheDir>/repo`). */
  workTree: string;
  /** True when `workTree` is new and must be initialised. */
  fresh: boolean;
  resolved: ResolvedReference;
  dir: string;
  maxSizeBytes: number;
}

/**
 * Checks the commit out in a cached work tree with the system git, initialises all submodules
 * recursively (their URLs resolved against `origin`, the same credentials offered to the same
 * origin), then copies the tree without any `.git` into `dir`.
 */
export async function checkoutWithSubmodules(options: SubmoduleCheckout): Promise<CommitInfo> {
  const { remote, workTree, resolved } = options;
  const gitdir = join(workTree, '.git');
  const run = (args: readonly string[]) =>
    runGitCli(args, {
      cli: remote.cli,
      cwd: workTree,
      env: remote.auth.env,
      signal: remote.signal,
      display: remote.url.display,
      secrets: remote.auth.secrets,
    });
  if (options.fresh) await run(['init', '--quiet', workTree]);
  await run(['config', 'remote.origin.url', remote.url.url]);
  const cache = {};
  if (!(await present(gitdir, resolved.hash, cache))) {
    await fetchCli(remote, gitdir, resolved.fetch);
    if (!(await present(gitdir, resolved.hash, cache))) {
      throw new GitReferenceNotFoundError(`commit '${resolved.hash}' not found in the fetched refs`);
    }
    await markFetchedCli(remote, gitdir, resolved.hash);
  }
  await run(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--force', '--detach', resolved.hash]);
  await run(['clean', '-ffdxq']);
  await run(['submodule', 'sync', '--quiet', '--recursive']);
  await run(['submodule', 'update', '--quiet', '--init', '--recursive', '--force']);
  await copyWorkTree(workTree, options.dir, { used: 0, limit: options.maxSizeBytes }, remote.signal);
  const { commit } = await git.readCommit({ fs, gitdir, oid: resolved.hash, cache });
  return commitInfo(commit.message);
}

async function present(gitdir: string, hash: string, cache: object): Promise<boolean> {
  return git.readCommit({ fs, gitdir, oid: hash, cache }).then(
    () => true,
    () => false,
  );
}

/** Copies a work tree, skipping every `.git` (dirs and submodule gitfiles), keeping symlinks and exec bits. */
async function copyWorkTree(
  source: string,
  target: string,
  budget: { used: number; limit: number },
  signal: AbortSignal,
): Promise<void> {
  signal.throwIfAborted();
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else if (entry.isDirectory()) {
      await mkdir(to);
      await copyWorkTree(from, to, budget, signal);
    } else if (entry.isFile()) {
      const stat = await lstat(from);
      budget.used += stat.size;
      if (budget.used > budget.limit) throw new GitSizeLimitError(budget.limit);
      await copyFile(from, to, fs.constants.COPYFILE_EXCL);
      await fs.promises.chmod(to, stat.mode & 0o111 ? 0o755 : 0o644);
    }
  }
}
