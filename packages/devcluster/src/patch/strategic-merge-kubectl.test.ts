/** Patches shaped exactly as kubectl sends them, applied to objects as the server stores them. */

import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../types.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

const deployment: SchemaNode = { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' };

const container = (
  name: string,
  fields: { image: string; env?: { name: string; value: string }[]; ports?: unknown[] },
) => ({
  name,
  ...fields,
  imagePullPolicy: 'IfNotPresent',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

function liveDeployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: '0b5c6f2e-1d7a-4f4e-9a55-1f6f2d1f7c11',
      resourceVersion: '42',
      generation: 3,
      labels: { app: 'web', tier: 'front' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}\n' },
      finalizers: ['example.com/a', 'server.io/protect'],
    },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            container('web', {
              image: 'nginx:1.25',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
                { name: 'INJECTED', value: 'by-webhook' },
              ],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            }),
            container('sidecar', { image: 'busybox' }),
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {
      observedGeneration: 3,
      replicas: 2,
      conditions: [{ type: 'Available', status: 'True' }],
    },
  };
}

type Live = ReturnType<typeof liveDeployment>;

describe('applyStrategicMergePatch with kubectl patches', () => {
  it('applies a client-side `kubectl apply` three-way patch', () => {
    const patch = {
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' },
        labels: { tier: null },
        '$setElementOrder/finalizers': ['example.com/a', 'example.com/b'],
        finalizers: ['example.com/b'],
      },
      spec: {
        strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }],
                env: [
                  { name: 'C', value: '3' },
                  { $patch: 'delete', name: 'B' },
                ],
                image: 'nginx:1.27',
                name: 'web',
              },
            ],
            '$setElementOrder/volumes': [{ name: 'data' }],
            volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, emptyDir: null, name: 'data' }],
          },
        },
      },
    };

    const expected: any = liveDeployment();
    expected.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"new":true}\n';
    expected.metadata.labels = { app: 'web' };
    expected.metadata.finalizers = ['example.com/a', 'example.com/b', 'server.io/protect'];
    expected.spec.strategy = { type: 'Recreate' };
    const [web] = expected.spec.template.spec.containers;
    web.image = 'nginx:1.27';
    // Server-only INJECTED keeps its live slot, which apimachinery computes after the deletion of B.
    web.env = [
      { name: 'A', value: '1' },
      { name: 'INJECTED', value: 'by-webhook' },
      { name: 'C', value: '3' },
    ];
    expected.spec.template.spec.volumes = [{ name: 'data', configMap: { name: 'cfg' } }];

    expect(applyStrategicMergePatch(liveDeployment(), patch, deployment)).toStrictEqual(expected);
  });

  it.each([
    {
      name: 'kubectl apply adds a container and removes another',
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }, { name: 'metrics' }],
              containers: [
                { image: 'prom/exporter', name: 'metrics' },
                { $patch: 'delete', name: 'sidecar' },
              ],
            },
          },
        },
      },
      check: (result: Live) =>
        expect(result.spec.template.spec.containers.map((c) => c.name)).toStrictEqual(['web', 'metrics']),
    },
    {
      name: 'kubectl apply reorders containers without changing them',
      patch: {
        spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] } } },
      },
      check: (result: Live) =>
        expect(result.spec.template.spec.containers.map((c) => c.name)).toStrictEqual(['sidecar', 'web']),
    },
    {
      name: 'kubectl apply swaps a declared finalizer, keeping the server-added one',
      patch: {
        metadata: {
          '$setElementOrder/finalizers': ['example.com/b'],
          '$deleteFromPrimitiveList/finalizers': ['example.com/a'],
          finalizers: ['example.com/b'],
        },
      },
      check: (result: Live) => expect(result.metadata.finalizers).toStrictEqual(['example.com/b', 'server.io/protect']),
    },
    {
      name: 'kubectl set image',
      patch: { spec: { template: { spec: { containers: [{ image: 'nginx:1.27', name: 'web' }] } } } },
      check: (result: Live) => {
        expect(result.spec.template.spec.containers.map((c) => [c.name, c.image])).toStrictEqual([
          ['web', 'nginx:1.27'],
          ['sidecar', 'busybox'],
        ]);
        expect(result.spec.template.spec.containers[0].env).toHaveLength(3);
      },
    },
    {
      name: 'kubectl rollout restart',
      patch: {
        spec: {
          template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } },
        },
      },
      check: (result: Live) =>
        expect(result.spec.template.metadata).toStrictEqual({
          labels: { app: 'web' },
          annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' },
        }),
    },
    {
      name: 'kubectl scale / patch of a scalar',
      patch: { spec: { replicas: 5 } },
      check: (result: Live) => expect(result.spec.replicas).toBe(5),
    },
    {
      name: 'a controller updating one status condition',
      patch: { status: { conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] } },
      check: (result: Live) =>
        expect(result.status.conditions).toStrictEqual([
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
          { type: 'Available', status: 'True' },
        ]),
    },
  ])('$name', ({ patch, check }) => {
    check(applyStrategicMergePatch(liveDeployment(), patch, deployment) as Live);
  });
});
