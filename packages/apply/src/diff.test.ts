import { describe, expect, it } from 'vitest';
import { changedPaths } from './diff.js';
import type { Unstructured } from './objects.js';

const deployment = (image: string, replicas: number, extra: Record<string, unknown> = {}): Unstructured => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels: { app: 'web' }, ...extra },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [
          { name: 'web', image },
          { name: 'sidecar', image: 'proxy:1' },
        ],
      },
    },
  },
});

describe('changedPaths', () => {
  it('names each differing leaf with dotted paths and list indexes, sorted', () => {
    expect(changedPaths(deployment('web:1', 1), deployment('web:2', 3))).toEqual([
      'spec.replicas',
      'spec.template.spec.containers[0].image',
    ]);
  });

  it('ignores status and server bookkeeping in metadata', () => {
    const live = deployment('web:1', 1, {
      resourceVersion: '12',
      generation: 3,
      uid: 'u1',
      creationTimestamp: '2024-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
      annotations: {},
    });
    const merged = {
      ...deployment('web:1', 1, { resourceVersion: '13', generation: 4, uid: 'u1' }),
      status: { replicas: 1 },
    };
    expect(changedPaths(live, merged)).toEqual([]);
  });

  it('reports added and removed keys, quoting keys that are not plain names', () => {
    const live: Unstructured = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { old: '1' } };
    const merged: Unstructured = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', annotations: { 'example.com/team': 'a' } },
      data: { old: '1', greeting: 'hi', 'app.conf': 'x' },
    };
    expect(changedPaths(live, merged)).toEqual(['data.greeting', 'data["app.conf"]', 'metadata.annotations']);
  });

  it('names a list entry that only one side has', () => {
    const live: Unstructured = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { args: ['a'] } };
    const merged: Unstructured = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { args: ['a', 'b'] } };
    expect(changedPaths(live, merged)).toEqual(['spec.args[1]']);
  });
});
