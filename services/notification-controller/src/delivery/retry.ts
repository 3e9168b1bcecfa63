import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryError, ProviderConfigError } from '../notifiers/delivery-errors.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubled for each next one (with ±20% jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export function defaultRetryOptions(): RetryOptions {
  return { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 60_000 };
}

export type RetryResult = { delivered: true; attempts: number } | { delivered: false; attempts: number; error: Error };

/**
 * Calls `send` until it succeeds, a non-retryable error comes back, or the attempts run out. Network
 * errors, timeouts, 429 and 5xx are retried with exponential backoff; a Retry-After from the service
 * replaces the backoff (capped at `maxDelayMs`). Aborting `signal` ends the wait and the loop.
 */
export async function sendWithRetry(
  send: () => Promise<void>,
  options: RetryOptions,
  signal?: AbortSignal,
  onRetry?: (error: Error, attempt: number, delayMs: number) => void,
): Promise<RetryResult> {
  let delay = options.baseDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return { delivered: true, attempts: attempt };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (!isRetryable(error) || attempt >= options.maxAttempts || signal?.aborted) {
        return { delivered: false, attempts: attempt, error };
      }
      const wait = Math.min(
        options.maxDelayMs,
        error instanceof DeliveryError && error.retryAfterMs !== undefined ? error.retryAfterMs : jitter(delay),
      );
      onRetry?.(error, attempt, wait);
      try {
        await sleep(wait, undefined, { signal });
      } catch {
        return { delivered: false, attempts: attempt, error };
      }
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}

function isRetryable(error: Error): boolean {
  if (error instanceof ProviderConfigError) return false;
  if (error instanceof DeliveryError) return error.retryable;
  return true;
}

function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}
