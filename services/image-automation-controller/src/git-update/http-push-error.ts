import {
  GitAuthenticationError,
  GitError,
  GitRepositoryNotFoundError,
  GitUnreachableError,
  type HttpRemote,
  scrubSecrets,
} from '@driftless/git';
import { Errors } from 'isomorphic-git';
import { GitPushRejectedError } from './git-update-errors.js';

/** What receive-pack reports for a ref that moved since the client looked at it. */
const rejectedPattern = /non-fast-forward|fetch first|failed to update ref|failed to lock|cannot lock ref|stale info/i;

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

/** Types a failed isomorphic-git push like @driftless/git types fetch failures; no secret in any message. */
export function httpPushError(remote: HttpRemote, remoteRef: string, err: unknown): GitError {
  if (err instanceof GitError) return err;
  const where = remote.url.display;
  const e = err as { code?: string; message?: string; data?: { statusCode?: number; prettyDetails?: string } };
  const detail = scrubSecrets(e.message ?? String(err), [remote.credentials.password, remote.credentials.bearerToken]);
  if (e.code === Errors.PushRejectedError.code) {
    return new GitPushRejectedError(`push of '${remoteRef}' to '${where}' was rejected: not a fast-forward`, {
      cause: err,
    });
  }
  if (e.code === Errors.GitPushError.code) {
    const details = scrubSecrets(e.data?.prettyDetails ?? '', [remote.credentials.password]).trim();
    if (rejectedPattern.test(details)) {
      return new GitPushRejectedError(`push of '${remoteRef}' to '${where}' was rejected: ${details}`, { cause: err });
    }
    return new GitError(`push of '${remoteRef}' to '${where}' was refused by the remote: ${details}`, { cause: err });
  }
  if (e.code === Errors.HttpError.code) {
    const status = e.data?.statusCode;
    if (status === 401 || status === 403) {
      return new GitAuthenticationError(`authentication to '${where}' failed (HTTP ${status})`, { cause: err });
    }
    if (status === 404) {
      return new GitRepositoryNotFoundError(`repository '${where}' not found (HTTP 404)`, { cause: err });
    }
    return new GitError(`push to '${where}' failed: HTTP ${status}`, { cause: err });
  }
  if (e.code !== undefined && (unreachableCodes.has(e.code) || /CERT|SSL|TLS|SELF_SIGNED/.test(e.code))) {
    return new GitUnreachableError(`cannot reach '${where}' (${e.code}): ${detail}`, { cause: err });
  }
  return new GitError(`push to '${where}' failed: ${detail}`, { cause: err });
}
