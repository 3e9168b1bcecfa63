import { describe, expect, it } from 'vitest';
import { createFaultInjector } from './fault-injector.js';
import { defaultFaultOptions, type FaultOptions, FaultOptionsError } from './fault-options.js';

/** Returns the given rolls in order, then 0.99. */
const sequence =
  (...rolls: number[]) =>
  () =>
    rolls.shift() ?? 0.99;

const injector = (options: Partial<FaultOptions>) => createFaultInjector({ ...defaultFaultOptions(), ...options });
const request = (path: string, isWatch = false) => ({ method: 'GET', path, isWatch });

describe('createFaultInjector', () => {
  it('does nothing by default', () => {
    expect(injector({}).forRequest(request('/api/v1/pods'))).toEqual({ delayMs: 0 });
    expect(injector({}).dropWatchAfter()).toBeUndefined();
  });

  it.each([
    {
      rolls: [0.05],
      decision: {
        delayMs: 7,
        failure: { code: 429, retryAfterSeconds: 2, message: 'Too many requests, please try again later.' },
      },
    },
    {
      rolls: [0.5, 0.1],
      decision: { delayMs: 7, failure: { code: 500, message: 'Internal error occurred: injected fault (devcluster)' } },
    },
    { rolls: [0.5, 0.5], decision: { delayMs: 7 } },
  ])('rolls $rolls', ({ rolls, decision }) => {
    const faults = injector({
      latencyMs: 7,
      throttleRate: 0.1,
      errorRate: 0.2,
      retryAfterSeconds: 2,
      random: sequence(...rolls),
    });
    expect(faults.forRequest(request('/apis/apps/v1/deployments', true))).toEqual(decision);
  });

  it.each(['/healthz', '/readyz?verbose', '/livez/ping', '/devcluster', '/devcluster/faults', '/healthz/'])(
    'never faults %s',
    (path) => {
      const faults = injector({ latencyMs: 50, errorRate: 1, throttleRate: 1 });
      expect(faults.forRequest(request(path))).toEqual({ delayMs: 0 });
    },
  );

  it.each(['/healthzz', '/api/v1/namespaces/devcluster/pods', '/devclusterx'])('does fault %s', (path) => {
    expect(injector({ errorRate: 1 }).forRequest(request(path)).failure?.code).toBe(500);
  });

  it('cuts the configured share of watches', () => {
    const faults = injector({ dropWatchRate: 0.5, dropWatchAfterMs: 250, random: sequence(0.4, 0.6) });
    expect(faults.dropWatchAfter()).toBe(250);
    expect(faults.dropWatchAfter()).toBeUndefined();
  });

  it('changes at runtime, validated, without touching the options it was given', () => {
    const options = { ...defaultFaultOptions(), errorRate: 1 };
    const faults = createFaultInjector(options);
    expect(faults.update({ errorRate: 0, latencyMs: 3 })).toMatchObject({ errorRate: 0, latencyMs: 3 });
    expect(faults.forRequest(request('/api'))).toEqual({ delayMs: 3 });
    expect(faults.current()).toMatchObject({ errorRate: 0, latencyMs: 3, retryAfterSeconds: 1 });
    expect(options.errorRate).toBe(1);

    expect(() => faults.update({ errorRate: 2 })).toThrow(/^errorRate must be between 0 and 1/);
    expect(() => faults.update({ bogus: 1 } as Partial<FaultOptions>)).toThrow(FaultOptionsError);
    expect(faults.current().errorRate).toBe(0);
  });

  it('rejects bad initial options', () => {
    expect(() => injector({ latencyMs: -5 })).toThrow(/^latencyMs must not be negative/);
  });
});
