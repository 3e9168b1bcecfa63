import * as fs from 'node:fs';
import git, { Errors } from 'isomorphic-git';
import { abortError } from './git-cli.js';
import { authorizationHeader } from './git-cli-auth.js';
import type { GitCredentials } from './git-credentials.js';
import {
  GitAuthenticationError,
  GitError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitUnreachableError,
} from './git-errors.js';
import { createGitHttpClient, defaultGitHttpClientOptions, type GitHttpClient } from './git-http-client.js';
import type { FetchPlan } from './git-refs.js';
import { type GitUrl, scrubSecrets } from './git-url.js';

export interface HttpRemote {
  url: GitUrl;
  credentials: GitCredentials;
  signal: AbortSignal;
}

/** Local ref that marks the last fetched commit, so the next fetch offers it as a `have`. */
export const haveRef = 'refs/driftless/have';
const remoteName = 'origin';
// git's INFINITE_DEPTH: deepens a shallow cache to full history.
const fullDepth = 0x7fffffff;

/** One `GET info/refs` (protocol v1): every ref, with `<tag>^{}` entries for annotated tags. */
export async function listRefsHttp(remote: HttpRemote): Promise<Map<string, string>> {
  const refs = await guard(remote, (http) =>
    git.listServerRefs({ http, url: remote.url.url, headers: headers(remote), protocolVersion: 1, peelTags: true }),
  );
  const map = new Map<string, string>();
  for (const ref of refs) {
    map.set(ref.ref, ref.oid);
    if (ref.peeled !== undefined) map.set(`${ref.ref}^{}`, ref.peeled);
  }
  return map;
}

/** Creates the bare cache repo isomorphic-git fetches into. */
export async function initHttpCache(gitdir: string): Promise<void> {
  await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
  await git.setConfig({
    fs,
    gitdir,
    path: `remote.${remoteName}.fetch`,
    value: `+refs/*:refs/remotes/${remoteName}/*`,
  });
}

/**
 * Fetches the plan's refs into the cache (depth 1, or full history for commit references),
 * offering the previously fetched commit so only new objects come down.
 */
export async function fetchHttp(remote: HttpRemote, gitdir: string, plan: FetchPlan, cache: object): Promise<void> {
  const [main] = plan.refs;
  await guard(remote, (http) =>
    git.fetch({
      fs,
      http,
      gitdir,
      cache,
      url: remote.url.url,
      remote: remoteName,
      ref: haveRef,
      remoteRef: main,
      singleBranch: plan.refs.length === 1,
      depth: plan.fullHistory ? fullDepth : 1,
      tags: false,
      headers: headers(remote),
    }),
  );
}

/** Records the commit just checked out as the `have` for the next fetch. */
export async function markFetched(gitdir: string, hash: string): Promise<void> {
  await git.writeRef({ fs, gitdir, ref: haveRef, value: hash, force: true });
}

/** True when the commit is in the cache (fetched whole earlier). */
export async function hasCommit(gitdir: string, hash: string, cache: object): Promise<boolean> {
  try {
    await git.readCommit({ fs, gitdir, oid: hash, cache });
    return true;
  } catch {
    return false;
  }
}

function headers(remote: HttpRemote): Record<string, string> {
  const header = authorizationHeader(remote.url, remote.credentials);
  return header === undefined ? {} : { Authorization: header };
}

/** Runs one isomorphic-git operation with a client of its own, closed afterwards; errors typed. */
async function guard<T>(remote: HttpRemote, operation: (http: GitHttpClient) => Promise<T>): Promise<T> {
  const http = createGitHttpClient({
    ...defaultGitHttpClientOptions(),
    caCert: remote.credentials.caCert,
    signal: remote.signal,
  });
  try {
    return await operation(http);
  } catch (err) {
    throw httpRemoteError(remote, err);
  } finally {
    http.close();
  }
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** Types a failed isomorphic-git HTTP operation (auth, not found, unreachable, …); no secret in any message. */
export function httpRemoteError(remote: HttpRemote, err: unknown): GitError {
  if (err instanceof GitError) return err;
  if (remote.signal.aborted) return abortError(remote.signal, remote.url.display);
  const where = remote.url.display;
  const e = err as { code?: string; message?: string; data?: { statusCode?: number } };
  const detail = scrubSecrets(e.message ?? String(err), [remote.credentials.password, remote.credentials.bearerToken]);
  if (e.code === Errors.HttpError.code) {
    const status = e.data?.statusCode;
    if (status === 401 || status === 403) {
      return new GitAuthenticationError(`authentication to '${where}' failed (HTTP ${status})`, { cause: err });
    }
    if (status === 404)
      return new GitRepositoryNotFoundError(`repository '${where}' not found (HTTP 404)`, { cause: err });
    return new GitError(`git request to '${where}' failed: HTTP ${status}`, { cause: err });
  }
  if (e.code === Errors.NotFoundError.code) {
    return new GitReferenceNotFoundError(`reference not found on '${where}': ${detail}`, { cause: err });
  }
  if (e.code !== undefined && (unreachableCodes.has(e.code) || /CERT|SSL|TLS|SELF_SIGNED/.test(e.code))) {
    return new GitUnreachableError(`cannot reach '${where}' (${e.code}): ${detail}`, { cause: err });
  }
  return new GitError(`git operation on '${where}' failed: ${detail}`, { cause: err });
}
