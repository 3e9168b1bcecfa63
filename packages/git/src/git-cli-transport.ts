import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type GitCliOptions, runGitCli } from './git-cli.js';
import type { GitCliAuth } from './git-cli-auth.js';
import { type FetchPlan, parseLsRemote } from './git-refs.js';
import type { GitUrl } from './git-url.js';

/** A remote reached through the system git (SSH), with auth already set up by `withGitCliAuth`. */
export interface CliRemote {
  url: GitUrl;
  auth: GitCliAuth;
  cli: GitCliOptions;
  signal: AbortSignal;
}

const haveRef = 'refs/driftless/have';

function run(remote: CliRemote, args: readonly string[], cwd = remote.auth.dir): Promise<string> {
  return runGitCli(args, {
    cli: remote.cli,
    cwd,
    env: remote.auth.env,
    signal: remote.signal,
    display: remote.url.display,
    secrets: remote.auth.secrets,
  });
}

/** `git ls-remote <url>`: one ref listing. */
export async function listRefsCli(remote: CliRemote): Promise<Map<string, string>> {
  return parseLsRemote(await run(remote, ['ls-remote', remote.url.url]));
}

export async function initCliCache(remote: CliRemote, gitdir: string): Promise<void> {
  await run(remote, ['init', '--quiet', '--bare', gitdir]);
}

/**
 * Fetches the plan's refs into a bare cache (`--depth 1`, or full history, unshallowing a cache
 * left shallow by earlier fetches). git offers every local ref as a `have`, so fetches are incremental.
 */
export async function fetchCli(remote: CliRemote, gitdir: string, plan: FetchPlan): Promise<void> {
  const args = ['--git-dir', gitdir, 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--force'];
  if (!plan.fullHistory) args.push('--depth', '1');
  else if (existsSync(join(gitdir, 'shallow'))) args.push('--unshallow');
  args.push(remote.url.url, ...plan.refs.map((ref, i) => `+${ref}:refs/driftless/fetch/${i}`));
  await run(remote, args);
}

export async function markFetchedCli(remote: CliRemote, gitdir: string, hash: string): Promise<void> {
  await run(remote, ['--git-dir', gitdir, 'update-ref', haveRef, hash]);
}
