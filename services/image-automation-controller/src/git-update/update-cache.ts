import {
  GitAuthenticationError,
  GitCredentialsError,
  GitError,
  GitInvalidUrlError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitUnreachableError,
  hasCommit,
  openGitCache,
  resetGitCache,
} from '@driftless/git';
import { GitPushRejectedError, GitSigningKeyError, GitUpdateConfigError } from './git-update-errors.js';
import type { UpdateRemote } from './update-remote.js';

/** Opens (creating or, for another URL or transport, replacing) the bare repo kept in `<workDir>/repo`. */
export async function openUpdateCache(workDir: string, remote: UpdateRemote): Promise<string> {
  const { repoDir, fresh } = await openGitCache(workDir, { url: remote.url.url, layout: remote.layout });
  if (fresh) await remote.init(repoDir);
  return repoDir;
}

/** Fetches `branch` unless the cache already holds its head `hash`. */
export async function ensureFetched(remote: UpdateRemote, gitdir: string, branch: string, hash: string): Promise<void> {
  if (await hasCommit(gitdir, hash, {})) return;
  await remote.fetch(gitdir, branch, hash);
  if (!(await hasCommit(gitdir, hash, {}))) {
    // Either the cache is damaged (its objects claim to hold what they cannot give) or the branch moved
    // during the fetch; a plain GitError makes the caller start afresh.
    throw new GitError(`commit '${hash}' of branch '${branch}' is missing after fetching from '${remote.url.display}'`);
  }
}

/** Runs `operation` on the cache; when it fails in a way that may have left the cache broken, starts afresh once. */
export async function withCacheRecovery<T>(workDir: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (!mayHaveDamagedCache(err)) throw err;
    await resetGitCache(workDir);
    return guardCache(workDir, operation);
  }
}

/** Runs `operation` on the cache and wipes the cache when it fails in a way that may have broken it. */
export async function guardCache<T>(workDir: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (mayHaveDamagedCache(err)) await resetGitCache(workDir);
    throw err;
  }
}

/** Errors the remote or the settings caused: the cache is as consistent as before. */
const cacheSafe = [
  GitAuthenticationError,
  GitCredentialsError,
  GitInvalidUrlError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitUnreachableError,
  GitPushRejectedError,
  GitUpdateConfigError,
  GitSigningKeyError,
];

function mayHaveDamagedCache(err: unknown): boolean {
  return !cacheSafe.some((ErrorClass) => err instanceof ErrorClass);
}
