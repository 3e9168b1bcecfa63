import { describe, expect, it } from 'vitest';
import { defaultFaultOptions, FaultOptionsError, faultOptionsFromEnv } from './fault-options.js';

describe('faultOptionsFromEnv', () => {
  it('defaults to no faults', () => {
    expect(faultOptionsFromEnv({})).toEqual(defaultFaultOptions());
    expect(defaultFaultOptions()).toMatchObject({ latencyMs: 0, errorRate: 0, throttleRate: 0, dropWatchRate: 0 });
  });

  it('reads every variable', () => {
    expect(
      faultOptionsFromEnv({
        DEVCLUSTER_LATENCY_MS: '25',
        DEVCLUSTER_ERROR_RATE: '0.1',
        DEVCLUSTER_THROTTLE_RATE: '0.05',
        DEVCLUSTER_RETRY_AFTER_SECONDS: '3',
        DEVCLUSTER_DROP_WATCH_RATE: '1',
        DEVCLUSTER_DROP_WATCH_AFTER_MS: '500',
        UNRELATED: 'x',
      }),
    ).toEqual({
      latencyMs: 25,
      errorRate: 0.1,
      throttleRate: 0.05,
      retryAfterSeconds: 3,
      dropWatchRate: 1,
      dropWatchAfterMs: 500,
    });
  });

  it.each([
    ['DEVCLUSTER_LATENCY_MS', 'soon', /must be a number/],
    ['DEVCLUSTER_LATENCY_MS', '-1', /must not be negative/],
    ['DEVCLUSTER_ERROR_RATE', '1.5', /between 0 and 1/],
    ['DEVCLUSTER_THROTTLE_RATE', '-0.1', /between 0 and 1/],
    ['DEVCLUSTER_RETRY_AFTER_SECONDS', '1.5', /whole number/],
    ['DEVCLUSTER_DROP_WATCH_RATE', 'Infinity', /finite/],
    ['DEVCLUSTER_DROP_WATCH_AFTER_MS', '1e999', /finite/],
  ])('rejects %s=%s naming the variable', (variable, value, why) => {
    const attempt = () => faultOptionsFromEnv({ [variable]: value });
    expect(attempt).toThrow(FaultOptionsError);
    expect(attempt).toThrow(new RegExp(`^${variable} `));
    expect(attempt).toThrow(why);
  });
});
