import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster.js';
import type { KubeObject } from '../types.js';
import { SIMULATE_ANNOTATION } from './constants.js';
import { podTemplateHash } from './hash.js';

const t0 = new Date('2025-01-01T00:00:00.000Z');
const t1 = new Date('2025-01-01T00:01:00.000Z');
const t2 = new Date('2025-01-01T00:02:00.000Z');

const template = (image: string) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image }] },
});

function deployment(overrides: { annotations?: Record<string, string>; spec?: Record<string, unknown> } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'team-a',
      uid: 'deploy-uid',
      generation: 1,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', ...overrides.annotations },
    },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1'), ...overrides.spec },
  } satisfies KubeObject;
}

const withImage = (image: string) => (d: KubeObject) => ({
  ...d,
  spec: { ...(d.spec as object), template: template(image) },
});
const rsName = (image: string) => `web-${podTemplateHash(template(image))}`;

describe('simulateWorkload: Deployment', () => {
  it('creates the ReplicaSet a real controller would and reports the Deployment complete', () => {
    const cluster = new TestCluster(deployment());
    const plan = cluster.step(t0);
    const name = rsName('nginx:1');
    const hash = name.slice('web-'.length);

    expect(plan?.upsertChildren).toHaveLength(1);
    expect(plan?.upsertChildren[0]).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: 'team-a',
        labels: { app: 'web', 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/revision': '1',
          'deployment.kubernetes.io/desired-replicas': '3',
          'deployment.kubernetes.io/max-replicas': '4',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: 'deploy-uid',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
        template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } } },
      },
      status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 },
    });
    expect(plan?.upsertChildren[0].metadata.annotations).not.toHaveProperty(
      'kubectl.kubernetes.io/last-applied-configuration',
    );
    expect(plan?.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: '2025-01-01T00:00:00Z',
          lastTransitionTime: '2025-01-01T00:00:00Z',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: '2025-01-01T00:00:00Z',
          lastTransitionTime: '2025-01-01T00:00:00Z',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}" has successfully progressed.`,
        },
      ],
    });
  });

  it('is idempotent once converged, even later', () => {
    const cluster = new TestCluster(deployment());
    const first = cluster.step(t0);
    const again = cluster.step(t1);
    expect(again).toEqual({ status: first?.status, upsertChildren: [], deleteChildren: [] });
  });

  it('rolls out a new template: new ReplicaSet, old scaled to zero, Progressing message updated', () => {
    const cluster = new TestCluster(deployment());
    cluster.step(t0);
    cluster.update(withImage('nginx:2'));
    const plan = cluster.step(t1);

    expect(cluster.child(rsName('nginx:1'))).toMatchObject({
      spec: { replicas: 0 },
      status: { replicas: 0, observedGeneration: 2 },
    });
    expect(cluster.child(rsName('nginx:2'))?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(plan?.status).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    const progressing = (plan?.status?.conditions as Record<string, unknown>[] | undefined)?.[1];
    expect(progressing).toMatchObject({
      type: 'Progressing',
      lastUpdateTime: '2025-01-01T00:01:00Z',
      lastTransitionTime: '2025-01-01T00:00:00Z',
      message: `ReplicaSet "${rsName('nginx:2')}" has successfully progressed.`,
    });
    expect(cluster.step(t2)?.upsertChildren).toEqual([]);
  });

  it('prunes old ReplicaSets beyond revisionHistoryLimit, oldest first', () => {
    const cluster = new TestCluster(deployment({ spec: { revisionHistoryLimit: 1 } }));
    cluster.step(t0);
    cluster.update(withImage('nginx:2'));
    cluster.step(t1);
    cluster.update(withImage('nginx:3'));
    const plan = cluster.step(t2);

    expect(plan?.deleteChildren).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'team-a', name: rsName('nginx:1') },
    ]);
    expect(cluster.children.map((c) => c.metadata.name).sort()).toEqual([rsName('nginx:2'), rsName('nginx:3')].sort());
  });

  it('reuses the old ReplicaSet on rollback and renumbers it', () => {
    const cluster = new TestCluster(deployment());
    cluster.step(t0);
    cluster.update(withImage('nginx:2'));
    cluster.step(t1);
    cluster.update(withImage('nginx:1'));
    cluster.step(t2);

    expect(cluster.children).toHaveLength(2);
    expect(cluster.child(rsName('nginx:1'))).toMatchObject({
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' },
      },
      spec: { replicas: 3 },
    });
    expect(cluster.child(rsName('nginx:2'))?.spec).toMatchObject({ replicas: 0 });
  });

  it.each([
    {
      mode: 'fail',
      progressing: {
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${rsName('nginx:1')}" has timed out progressing.`,
      },
    },
    {
      mode: 'pending',
      progressing: {
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${rsName('nginx:1')}" is progressing.`,
      },
    },
  ])('reports $mode on demand', ({ mode, progressing }) => {
    const cluster = new TestCluster(deployment({ annotations: { [SIMULATE_ANNOTATION]: mode } }));
    const plan = cluster.step(t0);

    expect(plan?.status).toMatchObject({ replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(plan?.status).not.toHaveProperty('readyReplicas');
    expect(plan?.status).not.toHaveProperty('availableReplicas');
    expect(plan?.status?.conditions).toEqual([
      expect.objectContaining({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }),
      expect.objectContaining({ type: 'Progressing', ...progressing }),
    ]);
    expect(cluster.child(rsName('nginx:1'))?.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
    expect(cluster.step(t1)?.upsertChildren).toEqual([]);
  });

  it('recovers when the simulate annotation is removed', () => {
    const cluster = new TestCluster(deployment({ annotations: { [SIMULATE_ANNOTATION]: 'fail' } }));
    cluster.step(t0);
    cluster.update((d) => ({ ...d, metadata: { ...d.metadata, annotations: {} } }));
    const plan = cluster.step(t1);

    expect(cluster.child(rsName('nginx:1'))?.metadata.annotations).not.toHaveProperty(SIMULATE_ANNOTATION);
    expect(plan?.status).toMatchObject({ readyReplicas: 3, availableReplicas: 3 });
    expect(plan?.status?.conditions).toEqual([
      expect.objectContaining({ type: 'Available', status: 'True', lastTransitionTime: '2025-01-01T00:01:00Z' }),
      expect.objectContaining({ type: 'Progressing', status: 'True', lastTransitionTime: '2025-01-01T00:01:00Z' }),
    ]);
  });

  it('does not roll out a paused Deployment', () => {
    const cluster = new TestCluster(deployment());
    cluster.step(t0);
    cluster.update((d) => withImage('nginx:2')({ ...d, spec: { ...(d.spec as object), paused: true } }));
    const plan = cluster.step(t1);

    expect(plan?.upsertChildren).toEqual([]);
    expect(plan?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused' }),
    );
  });

  it('scales with the Deployment and omits zero counters at zero replicas', () => {
    const cluster = new TestCluster(deployment());
    cluster.step(t0);
    cluster.update((d) => ({ ...d, spec: { ...(d.spec as object), replicas: 0 } }));
    const plan = cluster.step(t1);

    expect(cluster.child(rsName('nginx:1'))).toMatchObject({
      metadata: { annotations: { 'deployment.kubernetes.io/desired-replicas': '0' } },
      spec: { replicas: 0 },
      status: { replicas: 0 },
    });
    expect(Object.keys(plan?.status ?? {})).toEqual(['observedGeneration', 'conditions']);
  });
});
