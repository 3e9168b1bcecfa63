import { describe, expect, it } from 'vitest';
import { createRateLimiter, defaultRateLimiterOptions, type RateLimiterOptions } from './rate-limiter.js';

function manualClock(start = 0) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const noBucket = { qps: Number.POSITIVE_INFINITY, burst: 0 };

describe('defaultRateLimiterOptions', () => {
  it('uses Flux retry delays and the client-go bucket', () => {
    expect(defaultRateLimiterOptions()).toEqual({ baseDelayMs: 750, maxDelayMs: 900_000, qps: 10, burst: 100 });
  });

  it('returns a fresh object each time', () => {
    const a = defaultRateLimiterOptions();
    a.baseDelayMs = 1;
    expect(defaultRateLimiterOptions().baseDelayMs).toBe(750);
  });
});

describe('createRateLimiter: per-key exponential backoff', () => {
  it.each([
    { name: 'Flux defaults', base: 750, max: 900_000, expected: [750, 1500, 3000, 6000, 12000, 24000] },
    { name: 'caps at max', base: 100, max: 500, expected: [100, 200, 400, 500, 500, 500] },
    { name: 'base equals max', base: 1000, max: 1000, expected: [1000, 1000, 1000] },
  ])('$name', ({ base, max, expected }) => {
    const limiter = createRateLimiter({ baseDelayMs: base, maxDelayMs: max, ...noBucket });
    const got = expected.map(() => limiter.when('a'));
    expect(got).toEqual(expected);
    expect(limiter.numRequeues('a')).toBe(expected.length);
  });

  it('stays at max after very many failures', () => {
    const limiter = createRateLimiter({ baseDelayMs: 750, maxDelayMs: 900_000, ...noBucket });
    for (let i = 0; i < 2000; i++) limiter.when('a');
    expect(limiter.when('a')).toBe(900_000);
  });

  it('tracks keys independently', () => {
    const limiter = createRateLimiter({ baseDelayMs: 10, maxDelayMs: 1000, ...noBucket });
    limiter.when('a');
    limiter.when('a');
    expect(limiter.when('b')).toBe(10);
    expect(limiter.numRequeues('a')).toBe(2);
    expect(limiter.numRequeues('b')).toBe(1);
    expect(limiter.numRequeues('c')).toBe(0);
  });

  it('forget resets the backoff of one key only', () => {
    const limiter = createRateLimiter({ baseDelayMs: 10, maxDelayMs: 1000, ...noBucket });
    limiter.when('a');
    limiter.when('a');
    limiter.when('b');
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(10);
    expect(limiter.when('b')).toBe(20);
  });
});

describe('createRateLimiter: overall token bucket', () => {
  it('lets a burst through, then spaces calls at 1/qps', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ baseDelayMs: 0, maxDelayMs: 0, qps: 10, burst: 3, now: clock.now });
    const delays = ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => limiter.when(key));
    expect(delays).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('refills over time, up to burst', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ baseDelayMs: 0, maxDelayMs: 0, qps: 10, burst: 2, now: clock.now });
    expect([limiter.when('a'), limiter.when('b'), limiter.when('c')]).toEqual([0, 0, 100]);
    clock.advance(100);
    expect(limiter.when('d')).toBe(100);
    clock.advance(10_000);
    expect([limiter.when('e'), limiter.when('f'), limiter.when('g')]).toEqual([0, 0, 100]);
  });

  it('returns the larger of the bucket and the per-key delay', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ baseDelayMs: 50, maxDelayMs: 10_000, qps: 1, burst: 1, now: clock.now });
    expect(limiter.when('a')).toBe(50);
    expect(limiter.when('b')).toBe(1000);
    clock.advance(60_000);
    limiter.when('x');
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000);
      limiter.when('a');
    }
    expect(limiter.numRequeues('a')).toBe(5);
    clock.advance(60_000);
    expect(limiter.when('a')).toBe(1600);
  });

  it('is disabled by qps Infinity', () => {
    const limiter = createRateLimiter({ baseDelayMs: 0, maxDelayMs: 0, ...noBucket });
    const delays = Array.from({ length: 1000 }, (_, i) => limiter.when(`k${i}`));
    expect(new Set(delays)).toEqual(new Set([0]));
  });
});

describe('createRateLimiter: options', () => {
  it.each<[string, Partial<RateLimiterOptions>]>([
    ['negative base', { baseDelayMs: -1 }],
    ['max below base', { baseDelayMs: 1000, maxDelayMs: 10 }],
    ['NaN base', { baseDelayMs: Number.NaN }],
    ['zero qps', { qps: 0 }],
    ['zero burst', { burst: 0 }],
  ])('rejects %s', (_, patch) => {
    expect(() => createRateLimiter({ ...defaultRateLimiterOptions(), ...patch })).toThrow(RangeError);
  });
});
