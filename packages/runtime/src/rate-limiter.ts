export interface RateLimiterOptions {
  /** Delay of the first retry of a key; doubles on every further failure. */
  baseDelayMs: number;
  /** Cap of the per-key exponential delay. */
  maxDelayMs: number;
  /** Refill rate of the overall token bucket; `Infinity` disables the bucket. */
  qps: number;
  /** Size of the overall token bucket. */
  burst: number;
  /** Clock in milliseconds, monotonic by default. */
  now?: () => number;
}

/**
 * baseDelayMs/maxDelayMs are Flux's `--min-retry-delay=750ms` and `--max-retry-delay=15m`
 * (fluxcd/pkg runtime/controller/rate_limiter.go). Flux itself uses only the per-item exponential
 * limiter; qps/burst are client-go's `DefaultControllerRateLimiter` bucket (10 qps, 100 burst),
 * which only slows down retry storms across many keys.
 */
export function defaultRateLimiterOptions(): RateLimiterOptions {
  return { baseDelayMs: 750, maxDelayMs: 15 * 60 * 1000, qps: 10, burst: 100 };
}

export interface RateLimiter {
  /** Records a failure of `key` and returns how long (ms) to wait before retrying it. */
  when(key: string): number;
  /** Stops tracking `key`: its next failure starts from the base delay again. */
  forget(key: string): void;
  /** How many times `when` was called for `key` since it was last forgotten. */
  numRequeues(key: string): number;
}

/** The larger of a per-key exponential failure delay and an overall token-bucket delay. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  validate(options);
  const now = options.now ?? (() => performance.now());
  const failures = new Map<string, number>();
  const bucket = createTokenBucket(options.qps, options.burst, now);

  const exponential = (key: string): number => {
    const exp = failures.get(key) ?? 0;
    failures.set(key, exp + 1);
    return Math.min(options.baseDelayMs * 2 ** exp, options.maxDelayMs);
  };

  return {
    when: (key) => Math.max(exponential(key), bucket.reserve()),
    forget: (key) => {
      failures.delete(key);
    },
    numRequeues: (key) => failures.get(key) ?? 0,
  };
}

function validate(options: RateLimiterOptions): void {
  const { baseDelayMs, maxDelayMs, qps, burst } = options;
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= baseDelayMs)) {
    throw new RangeError(`rate limiter needs 0 <= baseDelayMs <= maxDelayMs, got ${baseDelayMs} and ${maxDelayMs}`);
  }
  if (!(qps > 0)) {
    throw new RangeError(`rate limiter needs qps > 0 (Infinity disables the bucket), got ${qps}`);
  }
  if (qps !== Number.POSITIVE_INFINITY && !(burst >= 1)) {
    throw new RangeError(`rate limiter needs burst >= 1, got ${burst}`);
  }
}

interface TokenBucket {
  /** Takes one token, going into debt if none is left, and returns the wait (ms) until it is covered. */
  reserve(): number;
}

function createTokenBucket(qps: number, burst: number, now: () => number): TokenBucket {
  if (qps === Number.POSITIVE_INFINITY) return { reserve: () => 0 };
  let tokens = burst;
  let last = now();
  return {
    reserve() {
      const t = now();
      tokens = Math.min(burst, tokens + (Math.max(0, t - last) * qps) / 1000);
      last = t;
      tokens -= 1;
      return tokens >= 0 ? 0 : (-tokens / qps) * 1000;
    },
  };
}
