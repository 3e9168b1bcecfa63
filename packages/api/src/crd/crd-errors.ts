/** A schema uses a construct that has no structural OpenAPI form. */
export class CrdSchemaError extends Error {
  override readonly name = 'CrdSchemaError';
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.path = path;
  }
}
