import { describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../notifiers/delivery-errors.js';
import { sendWithRetry } from './retry.js';

const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

function failing(errors: Error[]) {
  let calls = 0;
  return {
    send: async () => {
      const error = errors[calls++];
      if (error) throw error;
    },
    calls: () => calls,
  };
}

describe('sendWithRetry', () => {
  it('retries retryable errors until the send succeeds', async () => {
    const target = failing([
      new DeliveryError('503', { retryable: true, status: 503 }),
      new DeliveryError('timeout', { retryable: true }),
    ]);
    expect(await sendWithRetry(target.send, fast)).toEqual({ delivered: true, attempts: 3 });
  });

  it('stops at once on a refusal and on a configuration error', async () => {
    for (const error of [
      new DeliveryError('404', { retryable: false, status: 404 }),
      new ProviderConfigError('no address'),
    ]) {
      const target = failing([error]);
      expect(await sendWithRetry(target.send, fast)).toEqual({ delivered: false, attempts: 1, error });
    }
  });

  it('gives up after maxAttempts', async () => {
    const error = new DeliveryError('500', { retryable: true, status: 500 });
    const target = failing([error, error, error, error, error]);
    expect(await sendWithRetry(target.send, fast)).toEqual({ delivered: false, attempts: 4, error });
    expect(target.calls()).toBe(4);
  });

  it('waits what Retry-After asks, capped at maxDelayMs', async () => {
    const waits: number[] = [];
    const target = failing([
      new DeliveryError('429', { retryable: true, status: 429, retryAfterMs: 3 }),
      new DeliveryError('429', { retryable: true, status: 429, retryAfterMs: 60_000 }),
    ]);
    await sendWithRetry(target.send, fast, undefined, (_e, _a, delay) => waits.push(delay));
    expect(waits).toEqual([3, 5]);
  });

  it('ends the wait when aborted', async () => {
    const abort = new AbortController();
    const error = new DeliveryError('500', { retryable: true });
    const target = failing([error, error]);
    const result = sendWithRetry(
      target.send,
      { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      abort.signal,
    );
    abort.abort();
    expect(await result).toEqual({ delivered: false, attempts: 1, error });
  });
});
