import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster.js';
import type { KubeObject } from '../types.js';
import { SIMULATE_ANNOTATION } from './constants.js';
import { simulatePod } from './pod.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-01-01T00:00:10Z');
const t2 = new Date('2025-01-01T00:00:20Z');
const at0 = '2025-01-01T00:00:00Z';
const at1 = '2025-01-01T00:00:10Z';

function pod(restartPolicy: string, mode?: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'check',
      namespace: 'team-a',
      uid: 'pod-uid',
      ...(mode ? { annotations: { [SIMULATE_ANNOTATION]: mode } } : {}),
    },
    spec: { restartPolicy, containers: [{ name: 'test', image: 'busybox:1.37' }] },
    ...extra,
  };
}

const condition = (type: string, status: string, time: string, reason?: string, message?: string) => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: time,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

const conditionSummary = (status: Record<string, unknown> | undefined) =>
  ((status?.conditions ?? []) as { type: string; status: string; reason?: string }[]).map(
    (c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`,
  );

const onlyContainer = (status: Record<string, unknown> | undefined) =>
  ((status?.containerStatuses ?? []) as Record<string, unknown>[])[0];

describe('simulatePod', () => {
  it('runs a Never pod, completes it on the next pass, then leaves it be', () => {
    const cluster = new TestCluster(pod('Never'));
    const running = cluster.step(t0)?.status;
    expect(running).toMatchObject({ phase: 'Running', startTime: at0, qosClass: 'BestEffort' });
    expect(onlyContainer(running)).toMatchObject({
      ready: true,
      started: true,
      state: { running: { startedAt: at0 } },
    });

    const done = cluster.step(t1)?.status;
    expect(done?.phase).toBe('Succeeded');
    expect(done?.conditions).toEqual([
      condition('PodReadyToStartContainers', 'False', at1),
      condition('Initialized', 'True', at0, 'PodCompleted'),
      condition('Ready', 'False', at1, 'PodCompleted'),
      condition('ContainersReady', 'False', at1, 'PodCompleted'),
      condition('PodScheduled', 'True', at0),
    ]);
    expect(onlyContainer(done)).toMatchObject({
      name: 'test',
      image: 'busybox:1.37',
      ready: false,
      restartCount: 0,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at0, finishedAt: at1 } },
    });
    expect(cluster.step(t2)?.status).toEqual(done);
  });

  it('fails an OnFailure pod with exit code 1 when asked to', () => {
    const cluster = new TestCluster(pod('OnFailure', 'fail'));
    expect(cluster.step(t0)?.status?.phase).toBe('Running');
    const failed = cluster.step(t1)?.status;
    expect(failed?.phase).toBe('Failed');
    expect(conditionSummary(failed)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False(PodFailed)',
      'ContainersReady=False(PodFailed)',
      'PodScheduled=True',
    ]);
    expect(onlyContainer(failed)).toMatchObject({ state: { terminated: { exitCode: 1, reason: 'Error' } } });
    expect(cluster.step(t2)?.status).toEqual(failed);
  });

  it.each(['Never', 'Always'])('keeps a pending %s pod Pending, creating its containers', (restartPolicy) => {
    const cluster = new TestCluster(pod(restartPolicy, 'pending'));
    const pending = cluster.step(t0)?.status;
    expect(pending?.phase).toBe('Pending');
    expect(pending?.conditions).toContainEqual(
      condition('Ready', 'False', at0, 'ContainersNotReady', 'containers with unready status: [test]'),
    );
    expect(onlyContainer(pending)).toEqual({
      name: 'test',
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: 'busybox:1.37',
      imageID: '',
      started: false,
    });
    expect(cluster.step(t1)?.status).toEqual(pending);
  });

  it('starts a pending pod once the annotation is removed', () => {
    const cluster = new TestCluster(pod('Never', 'pending'));
    cluster.step(t0);
    cluster.update((p) => ({ ...p, metadata: { ...p.metadata, annotations: {} } }));
    const running = cluster.step(t1)?.status;
    expect(running?.phase).toBe('Running');
    expect(running?.conditions).toContainEqual(condition('Ready', 'True', at1));
  });

  it('keeps an Always pod (the default) running and ready, unchanged on later passes', () => {
    const unset = pod('Always');
    delete (unset.spec as Record<string, unknown>).restartPolicy;
    const cluster = new TestCluster(unset);
    const running = cluster.step(t0)?.status;
    expect(running?.phase).toBe('Running');
    expect(conditionSummary(running)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(onlyContainer(running)?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(onlyContainer(running)?.imageID).toMatch(/^busybox@sha256:[0-9a-f]{64}$/);
    expect(cluster.step(t1)?.status).toEqual(running);
  });

  it('crash-loops an Always pod that is told to fail', () => {
    const cluster = new TestCluster(pod('Always', 'fail'));
    const status = cluster.step(t0)?.status;
    expect(status?.phase).toBe('Running');
    expect(conditionSummary(status)).toContain('Ready=False(ContainersNotReady)');
    expect(onlyContainer(status)).toMatchObject({
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
  });

  it('reports init containers as completed and the QoS class from resources', () => {
    const guaranteed = { limits: { cpu: '1', memory: '64Mi' } };
    const cluster = new TestCluster(
      pod('Never', undefined, {
        spec: {
          restartPolicy: 'Never',
          initContainers: [{ name: 'init', image: 'busybox:1.37', resources: guaranteed }],
          containers: [{ name: 'test', image: 'busybox:1.37', resources: guaranteed }],
        },
      }),
    );
    const status = cluster.step(t0)?.status;
    expect(status?.qosClass).toBe('Guaranteed');
    expect(status?.initContainerStatuses).toEqual([
      expect.objectContaining({
        name: 'init',
        ready: true,
        state: { terminated: expect.objectContaining({ exitCode: 0 }) },
      }),
    ]);
  });

  it.each([
    { resources: undefined, qos: 'BestEffort' },
    { resources: { requests: { cpu: '100m' } }, qos: 'Burstable' },
    { resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }, qos: 'Burstable' },
  ])('classifies $resources as $qos', ({ resources, qos }) => {
    const plan = simulatePod(
      pod('Never', undefined, { spec: { containers: [{ name: 'c', image: 'x', resources }] } }),
      t0,
    );
    expect(plan?.status?.qosClass).toBe(qos);
  });

  it('leaves pods a controller owns alone', () => {
    const owned = pod('Always');
    owned.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u', controller: true }];
    expect(simulatePod(owned, t0)).toBeUndefined();
  });
});
