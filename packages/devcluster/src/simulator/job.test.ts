import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster.js';
import type { KubeObject } from '../types.js';
import { SIMULATE_ANNOTATION } from './constants.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-01-01T00:00:10Z');
const t2 = new Date('2025-01-01T00:00:20Z');

function job(spec: Record<string, unknown> = {}, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'team-a', uid: 'job-uid', generation: 1, annotations },
    spec: { completions: 1, parallelism: 1, backoffLimit: 6, template: { spec: { containers: [] } }, ...spec },
  };
}

const condition = (type: string, reason: string, message: string, time: string) => ({
  type,
  status: 'True',
  lastProbeTime: time,
  lastTransitionTime: time,
  reason,
  message,
});

describe('simulateWorkload: Job', () => {
  it('starts on first sight, completes on the next pass, then stays put', () => {
    const cluster = new TestCluster(job());
    expect(cluster.step(t0)?.status).toEqual({
      startTime: '2025-01-01T00:00:00Z',
      active: 1,
      ready: 1,
      terminating: 0,
      uncountedTerminatedPods: {},
    });

    const done = cluster.step(t1)?.status;
    const reached = [
      'CompletionsReached',
      'Reached expected number of succeeded pods',
      '2025-01-01T00:00:10Z',
    ] as const;
    expect(done).toEqual({
      startTime: '2025-01-01T00:00:00Z',
      conditions: [condition('SuccessCriteriaMet', ...reached), condition('Complete', ...reached)],
      succeeded: 1,
      completionTime: '2025-01-01T00:00:10Z',
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(cluster.step(t2)?.status).toEqual(done);
  });

  it('fails with BackoffLimitExceeded on demand', () => {
    const cluster = new TestCluster(job({ backoffLimit: 2 }, { [SIMULATE_ANNOTATION]: 'fail' }));
    cluster.step(t0);
    const status = cluster.step(t1)?.status;
    const exceeded = [
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
      '2025-01-01T00:00:10Z',
    ] as const;

    expect(status).toMatchObject({
      conditions: [condition('FailureTarget', ...exceeded), condition('Failed', ...exceeded)],
      failed: 3,
    });
    expect(status).not.toHaveProperty('active');
    expect(status).not.toHaveProperty('completionTime');
    expect(cluster.step(t2)?.status).toEqual(status);
  });

  it('keeps a pending Job running forever', () => {
    const cluster = new TestCluster(job({}, { [SIMULATE_ANNOTATION]: 'pending' }));
    const first = cluster.step(t0)?.status;
    expect(first).toMatchObject({ active: 1, ready: 0 });
    expect(cluster.step(t1)?.status).toEqual(first);
  });

  it.each([
    { spec: { completions: 5, parallelism: 2 }, active: 2, succeeded: 5 },
    { spec: { completions: undefined, parallelism: 3 }, active: 3, succeeded: 3 },
    { spec: { completions: 3, parallelism: 3, completionMode: 'Indexed' }, active: 3, succeeded: 3, indexes: '0-2' },
  ])('counts pods for $spec', ({ spec, active, succeeded, indexes }) => {
    const cluster = new TestCluster(job(spec));
    expect(cluster.step(t0)?.status).toMatchObject({ active });
    const status = cluster.step(t1)?.status;
    expect(status).toMatchObject({ succeeded });
    expect(status?.completedIndexes).toBe(indexes);
  });

  it('waits while suspended and restarts the clock on resume', () => {
    const cluster = new TestCluster(job({ suspend: true }));
    expect(cluster.step(t0)?.status).toEqual({
      conditions: [
        {
          type: 'Suspended',
          status: 'True',
          lastProbeTime: '2025-01-01T00:00:00Z',
          lastTransitionTime: '2025-01-01T00:00:00Z',
          reason: 'JobSuspended',
          message: 'Job suspended',
        },
      ],
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    cluster.update((j) => ({ ...j, spec: { ...(j.spec as object), suspend: false } }));
    const status = cluster.step(t1)?.status;
    expect(status).toMatchObject({ startTime: '2025-01-01T00:00:10Z', active: 1 });
    expect(status?.conditions).toEqual([
      expect.objectContaining({ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }),
    ]);
  });
});
