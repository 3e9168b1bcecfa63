/** A Setters run could not start: the update path is unusable. */
export class SettersError extends Error {
  /** The update path as given. */
  readonly path: string;
  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SettersError';
    this.path = path;
  }
}

/** The update path leaves the repository root, lexically or through a symlink. */
export class UpdatePathEscapeError extends SettersError {
  constructor(path: string) {
    super(`update path ${JSON.stringify(path)} is outside the repository root`, path);
    this.name = 'UpdatePathEscapeError';
  }
}

/** The update path does not exist in the repository. */
export class UpdatePathNotFoundError extends SettersError {
  constructor(path: string, options?: { cause?: unknown }) {
    super(`update path ${JSON.stringify(path)} does not exist in the repository`, path, options);
    this.name = 'UpdatePathNotFoundError';
  }
}
