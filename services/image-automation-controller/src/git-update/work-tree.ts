import * as fs from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import git, { type SignCallback } from 'isomorphic-git';
import type { CommitIdentity } from './git-update-types.js';

export interface WorkTreeRepo {
  gitdir: string;
  /** The checked-out files (`<workDir>/worktree`). */
  dir: string;
  /** isomorphic-git's object cache, shared by the operations of one attempt. */
  cache: object;
}

/**
 * Points the local `branch` at `commit` and checks it out into a fresh work tree: whatever a previous
 * run or `apply` left behind (changed, added or untracked files, the index) is thrown away.
 */
export async function checkoutClean(repo: WorkTreeRepo, branch: string, commit: string): Promise<void> {
  await rm(repo.dir, { recursive: true, force: true });
  await rm(join(repo.gitdir, 'index'), { force: true });
  await mkdir(repo.dir, { recursive: true });
  await git.writeRef({ fs, gitdir: repo.gitdir, ref: `refs/heads/${branch}`, value: commit, force: true });
  await git.checkout({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: branch, force: true, cache: repo.cache });
}

/** Stages every change in the work tree (modified, added, deleted; .gitignore honoured) and returns how many. */
export async function stageAll(repo: WorkTreeRepo): Promise<number> {
  const base = { fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
  const rows = await git.statusMatrix(base);
  let staged = 0;
  for (const [filepath, head, workdir] of rows) {
    if (head === 1 && workdir === 1) continue;
    if (workdir === 0) await git.remove({ ...base, filepath });
    else await git.add({ ...base, filepath });
    staged++;
  }
  return staged;
}

export interface CommitOptions {
  /** Full name of the branch the commit is written to. */
  ref: string;
  parent: string;
  message: string;
  identity: CommitIdentity;
  onSign: SignCallback | undefined;
}

/** Commits the index on top of `parent`, authored and committed by the identity, signed when a signer is given. */
export async function commitStaged(repo: WorkTreeRepo, options: CommitOptions): Promise<string> {
  const person = {
    name: options.identity.name,
    email: options.identity.email,
    timestamp: Math.floor(Date.now() / 1000),
    timezoneOffset: 0,
  };
  return git.commit({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache: repo.cache,
    ref: options.ref,
    parent: [options.parent],
    message: options.message,
    author: person,
    committer: person,
    ...(options.onSign === undefined
      ? {}
      : { onSign: options.onSign, signingKey: options.identity.signingKey?.armoredPrivateKey }),
  });
}
