import {
  defaultGitCliOptions,
  type GitCacheLayout,
  type GitCliOptions,
  GitTransport,
  type GitUrl,
  parseGitUrl,
  withGitCliAuth,
} from '@driftless/git';
import { cliUpdateRemote } from './cli-update-remote.js';
import type { GitUpdateRequest } from './git-update-types.js';
import { httpUpdateRemote } from './http-update-remote.js';

/** One ref update of a push: the commit at `localRef` (in the cache) becomes `remoteRef` on the remote. */
export interface RefUpdate {
  localRef: string;
  remoteRef: string;
  force: boolean;
}

/** The remote of an update, reached with isomorphic-git (HTTP/S) or the system git (SSH). */
export interface UpdateRemote {
  readonly url: GitUrl;
  /** How the cache repo is written (a repo is never shared between the two transports). */
  readonly layout: GitCacheLayout;
  /** Every ref of the remote (full name → object id). */
  listRefs(): Promise<Map<string, string>>;
  /** Creates the bare cache repo. */
  init(gitdir: string): Promise<void>;
  /** Fetches one branch (depth 1, offering what the cache already has) that should be at `hash`. */
  fetch(gitdir: string, branch: string, hash: string): Promise<void>;
  /** Pushes one ref; a non-fast-forward rejection is a GitPushRejectedError. */
  push(gitdir: string, update: RefUpdate, options: readonly string[]): Promise<void>;
}

/** Runs `fn` with the request's remote; for SSH, the identity and known_hosts live only as long as `fn`. */
export function withUpdateRemote<T>(
  request: Pick<GitUpdateRequest, 'url' | 'credentials' | 'signal'>,
  fn: (remote: UpdateRemote) => Promise<T>,
  cli: GitCliOptions = defaultGitCliOptions(),
): Promise<T> {
  const url = parseGitUrl(request.url);
  if (url.transport !== GitTransport.Ssh) {
    return fn(httpUpdateRemote({ url, credentials: request.credentials, signal: request.signal }));
  }
  return withGitCliAuth(url, request.credentials, (auth) =>
    fn(cliUpdateRemote({ url, auth, cli, signal: request.signal })),
  );
}
