import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GitCacheLayout, openGitCache, resetGitCache } from './git-cache.js';
import { abortError, defaultGitCliOptions, type GitCliOptions } from './git-cli.js';
import { assertSshCredentials, withGitCliAuth } from './git-cli-auth.js';
import { type CliRemote, fetchCli, initCliCache, listRefsCli, markFetchedCli } from './git-cli-transport.js';
import type { GitCredentials } from './git-credentials.js';
import {
  GitAuthenticationError,
  GitCredentialsError,
  GitError,
  GitInvalidReferenceError,
  GitInvalidUrlError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitSizeLimitError,
  GitUnreachableError,
} from './git-errors.js';
import {
  fetchHttp,
  type HttpRemote,
  hasCommit,
  initHttpCache,
  listRefsHttp,
  markFetched,
} from './git-http-transport.js';
import { type GitReference, type ResolvedReference, resolveReference } from './git-refs.js';
import { checkoutWithSubmodules } from './git-submodules.js';
import { type CommitInfo, writeCommitTree } from './git-tree-writer.js';
import { GitTransport, type GitUrl, parseGitUrl, scrubSecrets } from './git-url.js';

export type { GitReference } from './git-refs.js';

export interface GitSourceOptions {
  /** `spec.url`: http(s)://, ssh:// or scp-like `user@host:path`. */
  url: string;
  /** `spec.ref`; `undefined` means the `master` branch (Flux's default). */
  reference: GitReference | undefined;
  credentials: GitCredentials;
  /** Per-object dir kept between calls; created if missing. */
  cacheDir: string;
  /** The caller applies spec.timeout (e.g. `AbortSignal.timeout`). */
  signal: AbortSignal;
  maxSizeBytes: number;
  recurseSubmodules: boolean;
  /** The system git (SSH and submodules); defaults to `defaultGitCliOptions()`. */
  cli?: GitCliOptions;
}

export interface ResolvedCommit {
  /** Flux revision: `main@sha1:<hash>`, `v1.0.0@sha1:<hash>`, `refs/pull/1/head@sha1:<hash>`, `sha1:<hash>`. */
  revision: string;
  /** The commit (annotated tags peeled). */
  hash: string;
}

export interface CheckedOutCommit extends ResolvedCommit {
  subject: string;
  message: string;
}

/** Resolves the reference with one ref listing and no clone (the common case at every interval). */
export function resolveRemote(options: GitSourceOptions): Promise<ResolvedCommit> {
  const url = parseGitUrl(options.url);
  return abortable(options, url, async () => {
    const { hash, revision } = await withRefs(
      { ...options, recurseSubmodules: false },
      url,
      async (_, resolved) => resolved,
    );
    return { hash, revision };
  });
}

/**
 * Fetches the commit (shallow, re-using and updating the cache in `cacheDir`; nothing is fetched
 * when the cache already holds it) and writes its tree into `dir` (exists, empty). On failure `dir`
 * is emptied; the caller discards it.
 */
export function checkout(options: GitSourceOptions & { dir: string }): Promise<CheckedOutCommit> {
  const url = parseGitUrl(options.url);
  return abortable(options, url, () =>
    oneAtATime(options.cacheDir, async () => {
      try {
        return await withRefs(options, url, (remote, resolved) => checkoutResolved(options, url, remote, resolved));
      } catch (err) {
        await emptyDir(options.dir);
        if (mayHaveDamagedCache(err)) await resetGitCache(options.cacheDir);
        throw err;
      }
    }),
  );
}

type Remote = { kind: 'http'; http: HttpRemote } | { kind: 'cli'; cli: CliRemote };

/** Lists the remote's refs and resolves the reference, with SSH/CLI auth alive for the whole of `fn`. */
async function withRefs<T>(
  options: GitSourceOptions,
  url: GitUrl,
  fn: (remote: Remote, resolved: ResolvedReference) => Promise<T>,
): Promise<T> {
  const http: HttpRemote = { url, credentials: options.credentials, signal: options.signal };
  const needsCli = url.transport === GitTransport.Ssh || options.recurseSubmodules;
  if (!needsCli) {
    return fn({ kind: 'http', http }, resolveReference(await listRefsHttp(http), options.reference));
  }
  if (url.transport === GitTransport.Ssh) assertSshCredentials(options.credentials);
  return withGitCliAuth(url, options.credentials, async (auth) => {
    const cli: CliRemote = { url, auth, cli: options.cli ?? defaultGitCliOptions(), signal: options.signal };
    const refs = url.transport === GitTransport.Ssh ? await listRefsCli(cli) : await listRefsHttp(http);
    return fn({ kind: 'cli', cli }, resolveReference(refs, options.reference));
  });
}

async function checkoutResolved(
  options: GitSourceOptions & { dir: string },
  url: GitUrl,
  remote: Remote,
  resolved: ResolvedReference,
): Promise<CheckedOutCommit> {
  const result = (info: CommitInfo): CheckedOutCommit => ({
    revision: resolved.revision,
    hash: resolved.hash,
    ...info,
  });
  if (remote.kind === 'cli' && options.recurseSubmodules) {
    const { repoDir, fresh } = await openGitCache(options.cacheDir, { url: url.url, layout: GitCacheLayout.WorkTree });
    const info = await checkoutWithSubmodules({
      remote: remote.cli,
      workTree: repoDir,
      fresh,
      resolved,
      dir: options.dir,
      maxSizeBytes: options.maxSizeBytes,
    });
    return result(info);
  }
  const layout = remote.kind === 'http' ? GitCacheLayout.Bare : GitCacheLayout.CliBare;
  const { repoDir, fresh } = await openGitCache(options.cacheDir, { url: url.url, layout });
  if (!(await hasCommit(repoDir, resolved.hash, {}))) {
    if (remote.kind === 'http') {
      if (fresh) await initHttpCache(repoDir);
      await fetchHttp(remote.http, repoDir, resolved.fetch, {});
    } else {
      if (fresh) await initCliCache(remote.cli, repoDir);
      await fetchCli(remote.cli, repoDir, resolved.fetch);
    }
    if (!(await hasCommit(repoDir, resolved.hash, {}))) {
      throw new GitReferenceNotFoundError(`commit '${resolved.hash}' not found in ${resolved.fetch.refs.join(', ')}`);
    }
    if (remote.kind === 'http') await markFetched(repoDir, resolved.hash);
    else await markFetchedCli(remote.cli, repoDir, resolved.hash);
  }
  const info = await writeCommitTree({
    gitdir: repoDir,
    commit: resolved.hash,
    dir: options.dir,
    maxSizeBytes: options.maxSizeBytes,
    signal: options.signal,
    cache: {},
  });
  return result(info);
}

/** Errors raised before anything was written to the cache, or that leave it consistent. */
const cacheSafe = [
  GitAuthenticationError,
  GitCredentialsError,
  GitInvalidReferenceError,
  GitInvalidUrlError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitSizeLimitError,
  GitUnreachableError,
];

function mayHaveDamagedCache(err: unknown): boolean {
  return !cacheSafe.some((ErrorClass) => err instanceof ErrorClass);
}

const running = new Map<string, Promise<unknown>>();

/** Runs operations on one cache dir one after another, including one still running after its caller gave up. */
function oneAtATime<T>(cacheDir: string, operation: () => Promise<T>): Promise<T> {
  const previous = running.get(cacheDir) ?? Promise.resolve();
  const next = previous.then(operation, operation);
  const tail = next.catch(() => undefined);
  running.set(cacheDir, tail);
  void tail.then(() => {
    if (running.get(cacheDir) === tail) running.delete(cacheDir);
  });
  return next;
}

/**
 * Settles as soon as the signal aborts (isomorphic-git has no signal of its own; the HTTP client and
 * git children are bound to it too, so the work stops shortly after) and types every failure.
 */
function abortable<T>(options: GitSourceOptions, url: GitUrl, operation: () => Promise<T>): Promise<T> {
  const { signal } = options;
  const display = url.display;
  const secrets = [options.credentials.password, options.credentials.bearerToken, url.password];
  if (signal.aborted) return Promise.reject(abortError(signal, display));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal, display));
    signal.addEventListener('abort', onAbort, { once: true });
    operation().then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? abortError(signal, display) : typed(err, display, secrets));
      },
    );
  });
}

function typed(err: unknown, display: string, secrets: (string | undefined)[]): GitError {
  if (err instanceof GitError) return err;
  const message = scrubSecrets(err instanceof Error ? err.message : String(err), secrets);
  return new GitError(`git checkout of '${display}' failed: ${message}`, { cause: err });
}

async function emptyDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(entries.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
}
