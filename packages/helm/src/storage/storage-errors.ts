/** `create` found that revision already stored (helm's ErrReleaseExists). */
export class ReleaseExistsError extends Error {
  override name = 'ReleaseExistsError';

  constructor(
    readonly release: string,
    readonly version: number,
    options?: { cause?: unknown },
  ) {
    super(`release ${release} revision ${version} already exists`, options);
  }
}

/** `update` found no stored revision to replace (helm's ErrReleaseNotFound). */
export class ReleaseNotFoundError extends Error {
  override name = 'ReleaseNotFoundError';

  constructor(
    readonly release: string,
    readonly version: number,
    options?: { cause?: unknown },
  ) {
    super(`release ${release} revision ${version} not found`, options);
  }
}

/** A stored release object could not be read; names the object, never its contents. */
export class ReleaseDecodeError extends Error {
  override name = 'ReleaseDecodeError';

  constructor(
    readonly object: string,
    reason: string,
  ) {
    super(`${object} does not hold a readable helm release: ${reason}`);
  }
}
