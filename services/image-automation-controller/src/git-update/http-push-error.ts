import { GitError, type HttpRemote, httpRemoteError, scrubSecrets } from '@driftless/git';
import { Errors } from 'isomorphic-git';
import { GitPushRejectedError } from './git-update-errors.js';

/** What receive-pack reports for a ref that moved since the client looked at it. */
const rejectedPattern = /non-fast-forward|fetch first|failed to update ref|failed to lock|cannot lock ref|stale info/i;

/** Types a failed isomorphic-git push like @driftless/git types fetch failures; no secret in any message. */
export function httpPushError(remote: HttpRemote, remoteRef: string, err: unknown): GitError {
  if (err instanceof GitError) return err;
  const where = remote.url.display;
  const e = err as { code?: string; data?: { prettyDetails?: string } };
  if (e.code === Errors.PushRejectedError.code) {
    return new GitPushRejectedError(`push of '${remoteRef}' to '${where}' was rejected: not a fast-forward`, {
      cause: err,
    });
  }
  if (e.code === Errors.GitPushError.code) {
    const details = scrubSecrets(e.data?.prettyDetails ?? '', [
      remote.credentials.password,
      remote.credentials.bearerToken,
    ]).trim();
    if (rejectedPattern.test(details)) {
      return new GitPushRejectedError(`push of '${remoteRef}' to '${where}' was rejected: ${details}`, { cause: err });
    }
    return new GitError(`push of '${remoteRef}' to '${where}' was refused by the remote: ${details}`, { cause: err });
  }
  return httpRemoteError(remote, err);
}
