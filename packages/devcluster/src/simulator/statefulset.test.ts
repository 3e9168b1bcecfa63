import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster.js';
import type { KubeObject } from '../types.js';
import { SIMULATE_ANNOTATION } from './constants.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-01-01T00:01:00Z');

function statefulSet(spec: Record<string, unknown> = {}, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'team-a', uid: 'sts-uid', generation: 1, annotations },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
      ...spec,
    },
  };
}

const withImage = (image: string) => (s: KubeObject) => {
  const spec = structuredClone(s.spec) as { template: { spec: { containers: { image: string }[] } } };
  spec.template.spec.containers[0].image = image;
  return { ...s, spec };
};

describe('simulateWorkload: StatefulSet', () => {
  it('records a ControllerRevision and reports every replica ready on it', () => {
    const cluster = new TestCluster(statefulSet());
    const plan = cluster.step(t0);
    const revision = plan?.upsertChildren[0];

    expect(revision).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        namespace: 'team-a',
        labels: { app: 'db' },
        ownerReferences: [{ kind: 'StatefulSet', name: 'db', uid: 'sts-uid', controller: true }],
      },
      data: { spec: { template: { $patch: 'replace' } } },
      revision: 1,
    });
    expect(revision?.metadata.name).toMatch(/^db-[456789bcdf]+$/);
    expect(revision?.metadata.labels?.['controller.kubernetes.io/hash']).toBe(revision?.metadata.name?.slice(3));
    expect(plan?.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: revision?.metadata.name,
      updateRevision: revision?.metadata.name,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(cluster.step(t1)).toEqual({ status: plan?.status, upsertChildren: [], deleteChildren: [] });
  });

  it('moves both revisions to the new template once rolled out', () => {
    const cluster = new TestCluster(statefulSet());
    const before = cluster.step(t0)?.status?.updateRevision;
    cluster.update(withImage('postgres:17'));
    const plan = cluster.step(t1);

    expect(plan?.upsertChildren).toEqual([expect.objectContaining({ revision: 2 })]);
    expect(plan?.status?.updateRevision).not.toBe(before);
    expect(plan?.status).toMatchObject({ currentRevision: plan?.status?.updateRevision, observedGeneration: 2 });
  });

  it('keeps pods below the partition on the current revision', () => {
    const cluster = new TestCluster(
      statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }),
    );
    const before = cluster.step(t0)?.status?.updateRevision;
    cluster.update(withImage('postgres:17'));
    const plan = cluster.step(t1);

    expect(plan?.status).toMatchObject({
      currentRevision: before,
      currentReplicas: 2,
      updatedReplicas: 1,
      readyReplicas: 3,
    });
  });

  it('prunes revisions beyond revisionHistoryLimit', () => {
    const cluster = new TestCluster(statefulSet({ revisionHistoryLimit: 0 }));
    const first = cluster.step(t0)?.status?.updateRevision;
    cluster.update(withImage('postgres:17'));
    cluster.step(t1);
    const plan = cluster.step(t1);

    expect(plan?.deleteChildren).toEqual([
      { apiVersion: 'apps/v1', kind: 'ControllerRevision', namespace: 'team-a', name: first },
    ]);
  });

  it.each([
    { mode: 'fail', policy: 'OrderedReady', replicas: 1 },
    { mode: 'pending', policy: 'OrderedReady', replicas: 1 },
    { mode: 'fail', policy: 'Parallel', replicas: 3 },
  ])('never becomes ready ($mode, $policy)', ({ mode, policy, replicas }) => {
    const cluster = new TestCluster(statefulSet({ podManagementPolicy: policy }, { [SIMULATE_ANNOTATION]: mode }));
    const status = cluster.step(t0)?.status;

    expect(status).toMatchObject({ replicas, availableReplicas: 0, updatedReplicas: replicas });
    expect(status).not.toHaveProperty('readyReplicas');
  });
});
