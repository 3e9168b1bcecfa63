import { ImageReason } from '@driftless/api';
import { GitError } from '@driftless/git';

/** The remote refused the push as not a fast-forward: someone else updated the branch meanwhile. */
export class GitPushRejectedError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, reason: ImageReason.GitOperationFailed });
    this.name = 'GitPushRejectedError';
  }
}

/** The push or signing settings cannot work as given; retrying does not help until the spec changes. */
export class GitUpdateConfigError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, reason: ImageReason.InvalidSourceConfig });
    this.name = 'GitUpdateConfigError';
  }
}

/** The OpenPGP signing key cannot be read or decrypted. Messages never contain key material. */
export class GitSigningKeyError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, reason: ImageReason.InvalidSourceConfig });
    this.name = 'GitSigningKeyError';
  }
}
