export class TelemetryConfigError extends Error {
  override readonly name = 'TelemetryConfigError';
  readonly variables: readonly string[];

  constructor(message: string, options: { variables: readonly string[]; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.variables = options.variables;
  }
}
