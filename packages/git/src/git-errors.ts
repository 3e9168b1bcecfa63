import { SourceReason } from '@driftless/api';

/**
 * Base of every error the Git fetcher throws. `reason` is the Flux condition reason for the
 * FetchFailed/Ready conditions. Messages never contain credentials (URLs are redacted).
 */
export class GitError extends Error {
  readonly reason: string;

  constructor(message: string, options?: ErrorOptions & { reason?: string }) {
    super(message, options);
    this.name = 'GitError';
    this.reason = options?.reason ?? SourceReason.GitOperationFailed;
  }
}

/** The server rejected the credentials (HTTP 401/403, SSH publickey refused). Flux reports this as GitOperationFailed. */
export class GitAuthenticationError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitAuthenticationError';
  }
}

/**
 * The secret cannot be used for the URL (e.g. SSH without `identity` or `known_hosts`). Flux reports
 * this as AuthenticationFailed; it does not go away until the secret changes.
 */
export class GitCredentialsError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, reason: SourceReason.AuthenticationFailed });
    this.name = 'GitCredentialsError';
  }
}

/** The branch, tag, ref name, semver match or commit does not exist on the remote. */
export class GitReferenceNotFoundError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitReferenceNotFoundError';
  }
}

/** The reference itself is malformed (an invalid semver range, a commit that is not a full hash). */
export class GitInvalidReferenceError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitInvalidReferenceError';
  }
}

/** The server answered, but there is no repository at the URL (HTTP 404, ssh "does not appear to be a git repository"). */
export class GitRepositoryNotFoundError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitRepositoryNotFoundError';
  }
}

/** The server could not be reached (refused, DNS, reset, TLS handshake/certificate failures). */
export class GitUnreachableError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitUnreachableError';
  }
}

/** The caller's signal aborted the operation (spec.timeout elapsed, or shutdown). */
export class GitTimeoutError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitTimeoutError';
  }
}

/** The checked-out content is larger than the allowed size. */
export class GitSizeLimitError extends GitError {
  readonly limitBytes: number;

  constructor(limitBytes: number, options?: ErrorOptions) {
    super(`checked-out content exceeds the size limit of ${limitBytes} bytes`, options);
    this.name = 'GitSizeLimitError';
    this.limitBytes = limitBytes;
  }
}

/** The URL is not a supported Git URL. Flux reports this as URLInvalid and stalls. */
export class GitInvalidUrlError extends GitError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, reason: SourceReason.URLInvalid });
    this.name = 'GitInvalidUrlError';
  }
}
