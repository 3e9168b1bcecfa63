/** The Provider lacks something its type needs (address, token, channel, ...); retrying cannot help. */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';
}

export interface DeliveryErrorOptions extends ErrorOptions {
  /** Network errors, timeouts, 5xx and 429 are worth another attempt; other refusals are not. */
  retryable: boolean;
  /** The service asked us to wait this long (Retry-After). */
  retryAfterMs?: number;
  /** HTTP status of the refusal, when there was one. */
  status?: number;
}

/**
 * A notification did not reach its service. The message names the service's host and the status,
 * never the URL's path or query (Slack and Discord webhook URLs are secrets).
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(message: string, options: DeliveryErrorOptions) {
    super(message, options);
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}
