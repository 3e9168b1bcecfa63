import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import { SIMULATE_ANNOTATION } from './constants.js';
import { isSimulatedKind, simulatedChildKinds, simulateWorkload } from './simulate-workload.js';

const now = new Date('2025-01-01T00:00:00Z');

const workload = (apiVersion: string, kind: string, spec: Record<string, unknown>, mode?: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: {
    name: 'w',
    namespace: 'ns',
    generation: 4,
    ...(mode ? { annotations: { [SIMULATE_ANNOTATION]: mode } } : {}),
  },
  spec,
});

describe('isSimulatedKind', () => {
  it.each([
    ['apps/v1', 'Deployment', true],
    ['apps/v1', 'ReplicaSet', true],
    ['apps/v1', 'StatefulSet', true],
    ['apps/v1', 'DaemonSet', true],
    ['batch/v1', 'Job', true],
    ['batch/v1', 'CronJob', false],
    ['v1', 'Pod', true],
    ['v1', 'Service', false],
    ['extensions/v1beta1', 'Deployment', false],
  ])('%s %s → %s', (apiVersion, kind, expected) => {
    expect(isSimulatedKind(apiVersion, kind)).toBe(expected);
  });

  it('names the child kinds the wiring must pass', () => {
    expect(simulatedChildKinds('apps/v1', 'Deployment')).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }]);
    expect(simulatedChildKinds('apps/v1', 'StatefulSet')).toEqual([
      { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
    ]);
    expect(simulatedChildKinds('v1', 'ConfigMap')).toEqual([]);
  });
});

describe('simulateWorkload: ReplicaSet and DaemonSet', () => {
  it.each([
    {
      mode: undefined,
      status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 4 },
    },
    { mode: 'fail', status: { replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 4 } },
  ])('ReplicaSet ($mode)', ({ mode, status }) => {
    const plan = simulateWorkload(workload('apps/v1', 'ReplicaSet', { replicas: 2 }, mode), [], now);
    expect(plan).toEqual({ status, upsertChildren: [], deleteChildren: [] });
  });

  it.each([
    {
      mode: undefined,
      status: {
        currentNumberScheduled: 1,
        numberMisscheduled: 0,
        desiredNumberScheduled: 1,
        numberReady: 1,
        observedGeneration: 4,
        updatedNumberScheduled: 1,
        numberAvailable: 1,
      },
    },
    {
      mode: 'pending',
      status: {
        currentNumberScheduled: 1,
        numberMisscheduled: 0,
        desiredNumberScheduled: 1,
        numberReady: 0,
        observedGeneration: 4,
        updatedNumberScheduled: 1,
        numberUnavailable: 1,
      },
    },
  ])('DaemonSet ($mode)', ({ mode, status }) => {
    expect(simulateWorkload(workload('apps/v1', 'DaemonSet', {}, mode), [], now)?.status).toEqual(status);
  });

  it('has no plan for other kinds', () => {
    expect(simulateWorkload(workload('v1', 'ConfigMap', {}), [], now)).toBeUndefined();
  });
});
