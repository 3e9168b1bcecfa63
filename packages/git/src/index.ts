export type { GitCacheEntry, GitCacheOptions } from './git-cache.js';
export { defaultGitCacheOptions, GitCacheLayout, openGitCache, resetGitCache } from './git-cache.js';
export type { GitCliOptions, GitCliRun } from './git-cli.js';
export { abortError, defaultGitCliOptions, runGitCli } from './git-cli.js';
export type { GitCliAuth } from './git-cli-auth.js';
export { assertSshCredentials, authorizationHeader, withGitCliAuth } from './git-cli-auth.js';
export type { CliRemote } from './git-cli-transport.js';
export { fetchCli, initCliCache, listRefsCli, markFetchedCli } from './git-cli-transport.js';
export type { GitCredentials } from './git-credentials.js';
export { gitCredentialsFromSecret } from './git-credentials.js';
export {
  GitAuthenticationError,
  GitCredentialsError,
  GitError,
  GitInvalidReferenceError,
  GitInvalidUrlError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitSizeLimitError,
  GitTimeoutError,
  GitUnreachableError,
} from './git-errors.js';
export type { GitHttpClient, GitHttpClientOptions } from './git-http-client.js';
export { createGitHttpClient, defaultGitHttpClientOptions, withThinPack } from './git-http-client.js';
export type { HttpRemote } from './git-http-transport.js';
export {
  fetchHttp,
  hasCommit,
  haveRef,
  httpRemoteError,
  initHttpCache,
  listRefsHttp,
  markFetched,
} from './git-http-transport.js';
export type { FetchPlan, GitReference, ResolvedReference } from './git-refs.js';
export { defaultBranch, parseLsRemote, resolveReference } from './git-refs.js';
export type { CheckedOutCommit, GitSourceOptions, ResolvedCommit } from './git-source.js';
export { checkout, resolveRemote } from './git-source.js';
export type { SubmoduleCheckout } from './git-submodules.js';
export { checkoutWithSubmodules } from './git-submodules.js';
export type { CommitInfo, WriteTreeOptions } from './git-tree-writer.js';
export { commitInfo, writeCommitTree } from './git-tree-writer.js';
export type { GitUrl } from './git-url.js';
export { GitTransport, parseGitUrl, redactUrl, scrubSecrets } from './git-url.js';
export { objectReadFs } from './packed-only-fs.js';
