import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../src/index.js';
import { eventually } from './eventually.js';

let cluster: DevCluster;
let config: KubeConfig;

beforeAll(async () => {
  cluster = await startDevCluster();
  config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfigPath);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('@kubernetes/client-node against the dev cluster', () => {
  it('lists and watches, resuming from a resourceVersion', async () => {
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'watched' } } });
    await core.createNamespacedConfigMap({ namespace: 'watched', body: { metadata: { name: 'a' }, data: { v: '1' } } });
    const list = await core.listNamespacedConfigMap({ namespace: 'watched' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['a']);

    const seen: string[] = [];
    const watch = new Watch(config);
    const request = await watch.watch(
      '/api/v1/namespaces/watched/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type, object) => {
        if (type !== 'BOOKMARK') seen.push(`${type} ${object.metadata?.name} ${object.data?.v ?? ''}`);
      },
      () => {},
    );
    try {
      await core.createNamespacedConfigMap({
        namespace: 'watched',
        body: { metadata: { name: 'b' }, data: { v: '2' } },
      });
      await core.patchNamespacedConfigMap(
        { namespace: 'watched', name: 'a', body: { data: { v: '3' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedConfigMap({ namespace: 'watched', name: 'b' });
      await eventually(() => expect(seen).toEqual(['ADDED b 2', 'MODIFIED a 3', 'DELETED b 2']));
    } finally {
      request.abort();
    }
  });

  it('applies server-side through the generic object API', async () => {
    const objects = KubernetesObjectApi.makeApiClient(config);
    const desired = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ssa', namespace: 'default' },
      data: { mode: 'one' },
    };
    const created = await objects.patch(
      desired,
      undefined,
      undefined,
      'driftless-test',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((created as { metadata?: { managedFields?: unknown[] } }).metadata?.managedFields?.[0]).toMatchObject({
      manager: 'driftless-test',
      operation: 'Apply',
    });
    const updated = await objects.patch(
      { ...desired, data: { mode: 'two' } },
      undefined,
      undefined,
      'driftless-test',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((updated as { data?: Record<string, string> }).data).toEqual({ mode: 'two' });
    await expect(
      objects.patch(
        { ...desired, data: { mode: 'three' } },
        undefined,
        undefined,
        'someone-else',
        false,
        PatchStrategy.ServerSideApply,
      ),
    ).rejects.toThrow(/conflict/i);
  });
});
