import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig, PatchType, type ResourceType } from '@driftless/runtime';
import { eventually } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceResolver } from '../src/object-reader.js';
import { createObjectWatch, type ObjectChange, type ObjectWatch, ObjectWatchError } from '../src/object-watch.js';

const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};
const configMapType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
};
/** A kind the server does not serve: its list fails, so its watch never syncs. */
const widgetType: ResourceType = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
};
const types: Record<string, ResourceType> = {
  'v1/Namespace': namespaceType,
  'v1/ConfigMap': configMapType,
  'example.com/v1/Widget': widgetType,
};

const resolver: ResourceResolver = {
  async resourceFor(apiVersion, kind) {
    const type = types[`${apiVersion}/${kind}`];
    if (!type) throw new Error(`no resource for ${apiVersion} ${kind}`);
    return type;
  },
};

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const ownerLabel = 'test.driftless.io/owner';

describe('object watch on a dev cluster', () => {
  let cluster: DevCluster;
  let client: KubeClient;
  let namespaceCount = 0;
  const watches: ObjectWatch[] = [];

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  });
  afterEach(async () => {
    cluster.setFaults({ errorRate: 0 });
    await Promise.all(watches.splice(0).map((watch) => watch.stop()));
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function freshNamespace(): Promise<string> {
    namespaceCount += 1;
    const name = `watch-${namespaceCount}`;
    await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    return name;
  }

  function watchOwnedBy(owner: string, syncTimeoutMs?: number): { watch: ObjectWatch; changes: ObjectChange[] } {
    const watch = createObjectWatch(
      { client, resolver, logger: silentLogger },
      { labelSelector: `${ownerLabel}=${owner}`, ...(syncTimeoutMs ? { syncTimeoutMs } : {}) },
    );
    watches.push(watch);
    const changes: ObjectChange[] = [];
    watch.onChange((change) => changes.push(change));
    return { watch, changes };
  }

  const configMap = (namespace: string, name: string, data: Record<string, string>, owner?: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { namespace, name, labels: owner ? { [ownerLabel]: owner } : undefined },
    data,
  });

  const ref = (namespace: string, name: string) => ({ namespace, name, group: '', kind: 'ConfigMap' });
  const summary = (change: ObjectChange) => ({
    type: change.type,
    name: change.object.metadata.name,
    data: change.object.data,
    previous: change.previous?.data,
  });

  it('sees labelled objects added, modified and deleted, and never unlabelled ones', async () => {
    const namespace = await freshNamespace();
    await client.create(configMapType, configMap(namespace, 'existing', { v: '1' }, namespace));
    await client.create(configMapType, configMap(namespace, 'foreign', { v: '1' }));
    const { watch, changes } = watchOwnedBy(namespace);

    await watch.ensureWatching('v1', 'ConfigMap');
    expect(changes.map(summary)).toEqual([{ type: 'added', name: 'existing', data: { v: '1' }, previous: undefined }]);

    await client.create(configMapType, configMap(namespace, 'app', { v: '1' }, namespace));
    await client.patch(
      configMapType,
      { namespace, name: 'foreign' },
      { data: { v: '2' } },
      { patchType: PatchType.Merge },
    );
    await client.create(configMapType, configMap(namespace, 'other', { v: '1' }));
    await client.patch(configMapType, { namespace, name: 'app' }, { data: { v: '2' } }, { patchType: PatchType.Merge });
    await client.delete(configMapType, { namespace, name: 'app' });

    await eventually(() => changes.some((change) => change.type === 'deleted'));
    expect(changes.map(summary)).toEqual([
      { type: 'added', name: 'existing', data: { v: '1' }, previous: undefined },
      { type: 'added', name: 'app', data: { v: '1' }, previous: undefined },
      { type: 'modified', name: 'app', data: { v: '2' }, previous: { v: '1' } },
      { type: 'deleted', name: 'app', data: { v: '2' }, previous: undefined },
    ]);
    expect(await watch.get(ref(namespace, 'app'))).toBeUndefined();
    expect(await watch.get(ref(namespace, 'foreign'))).toBeUndefined();
  });

  it('serves get from memory, even when the API server fails every request', async () => {
    const namespace = await freshNamespace();
    await client.create(configMapType, configMap(namespace, 'settings', { mode: 'fast' }, namespace));
    const { watch } = watchOwnedBy(namespace);
    await watch.ensureWatching('v1', 'ConfigMap');

    cluster.setFaults({ errorRate: 1 });
    expect(await watch.get(ref(namespace, 'settings'))).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace, name: 'settings' },
      data: { mode: 'fast' },
    });
    expect(await watch.get({ namespace, name: 'settings', group: 'apps', kind: 'Deployment' })).toBeUndefined();
  });

  it('watches cluster-scoped kinds cluster-wide and lists the kinds it watches once each', async () => {
    const owner = `cluster-${namespaceCount}`;
    const { watch } = watchOwnedBy(owner);
    await Promise.all([watch.ensureWatching('v1', 'Namespace'), watch.ensureWatching('v1', 'Namespace')]);
    await watch.ensureWatching('v1', 'ConfigMap');
    expect(watch.watchedKinds()).toEqual(['ConfigMap', 'Namespace']);

    await client.create(namespaceType, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: owner, labels: { [ownerLabel]: owner } },
    });
    await client.create(configMapType, configMap(owner, 'in-new-namespace', {}, owner));

    await eventually(
      async () => (await watch.get({ namespace: '', name: owner, group: '', kind: 'Namespace' })) !== undefined,
    );
    await eventually(async () => (await watch.get(ref(owner, 'in-new-namespace'))) !== undefined);
  });

  it('fails ensureWatching with a clear error when a kind never syncs, and can stop', async () => {
    const { watch } = watchOwnedBy('nobody', 500);

    await expect(watch.ensureWatching('example.com/v1', 'Widget')).rejects.toThrow(
      new ObjectWatchError('Widget (example.com/v1) watch did not sync within 500 ms; the logged warnings say why'),
    );
    expect(watch.watchedKinds()).toEqual([]);

    await watch.stop();
    await expect(watch.ensureWatching('v1', 'ConfigMap')).rejects.toThrow(
      'cannot watch ConfigMap: the object watch is stopped',
    );
  });
});
