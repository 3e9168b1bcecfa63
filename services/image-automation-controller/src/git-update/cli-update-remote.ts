import {
  type CliRemote,
  fetchCli,
  GitCacheLayout,
  GitError,
  initCliCache,
  listRefsCli,
  markFetchedCli,
  runGitCli,
} from '@driftless/git';
import { GitPushRejectedError } from './git-update-errors.js';
import type { RefUpdate, UpdateRemote } from './update-remote.js';

/** git's own words for a push that lost a race against another writer. */
const rejectedPattern = /\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref|stale info/i;

/** SSH remotes: fetch and push with the system git (auth set up by withGitCliAuth). */
export function cliUpdateRemote(remote: CliRemote): UpdateRemote {
  return {
    url: remote.url,
    layout: GitCacheLayout.CliBare,
    listRefs: () => listRefsCli(remote),
    init: (gitdir) => initCliCache(remote, gitdir),
    async fetch(gitdir, branch, hash) {
      await fetchCli(remote, gitdir, { refs: [`refs/heads/${branch}`], fullHistory: false });
      await markFetchedCli(remote, gitdir, hash);
    },
    push: (gitdir, update, options) => pushCli(remote, gitdir, update, options),
  };
}

async function pushCli(
  remote: CliRemote,
  gitdir: string,
  update: RefUpdate,
  options: readonly string[],
): Promise<void> {
  const args = ['--git-dir', gitdir, 'push', '--no-verify'];
  if (update.force) args.push('--force');
  for (const option of options) args.push(`--push-option=${option}`);
  args.push(remote.url.url, `${update.localRef}:${update.remoteRef}`);
  try {
    await runGitCli(args, {
      cli: remote.cli,
      cwd: remote.auth.dir,
      env: remote.auth.env,
      signal: remote.signal,
      display: remote.url.display,
      secrets: remote.auth.secrets,
    });
  } catch (err) {
    if (err instanceof GitError && rejectedPattern.test(err.message)) {
      throw new GitPushRejectedError(
        `push of '${update.remoteRef}' to '${remote.url.display}' was rejected: not a fast-forward`,
        { cause: err },
      );
    }
    throw err;
  }
}
