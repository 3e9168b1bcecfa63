export interface EventuallyOptions {
  timeoutMs: number;
  intervalMs: number;
}

export function defaultEventuallyOptions(): EventuallyOptions {
  return { timeoutMs: 20_000, intervalMs: 50 };
}

/**
 * Polls `check` until it neither throws nor returns false, and returns its value; after
 * `timeoutMs` the last error is thrown (or a timeout error when it only returned false).
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  options: Partial<EventuallyOptions> = {},
): Promise<Exclude<T, false>> {
  const { timeoutMs, intervalMs } = { ...defaultEventuallyOptions(), ...options };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await check();
      if (value !== false) return value as Exclude<T, false>;
      failure = new Error(`condition still false after ${timeoutMs} ms`);
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
