import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { eventually } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultInformerOptions,
  Informer,
  type InformerOptions,
  KubeClient,
  type KubeObject,
  loadKubeConfig,
} from '../src/index.js';
import { builtinTypes } from './support.js';

const configMapType = builtinTypes.configMap;
const secretType = builtinTypes.secret;
const namespaceType = builtinTypes.namespace;

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** Records what the informer logs, so tests can see drops and the backoff it chose. */
function recordingLogger() {
  const warnings: Array<{ fields: Record<string, unknown>; message?: string }> = [];
  const debugs: Array<string | undefined> = [];
  return {
    warnings,
    debugs,
    debug: (_fields: object, message?: string) => void debugs.push(message),
    warn: (fields: object, message?: string) =>
      void warnings.push({ fields: fields as Record<string, unknown>, message }),
  };
}

function configMap(
  namespace: string,
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name, labels }, data };
}

function setup(cluster: DevCluster) {
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  const informers: Informer<ConfigMap>[] = [];
  let namespaceCount = 0;
  return {
    client,
    informers,
    async freshNamespace(prefix: string): Promise<string> {
      namespaceCount += 1;
      const name = `${prefix}-${namespaceCount}`;
      await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return name;
    },
    informer(namespace: string, options: Partial<InformerOptions> = {}, logger = recordingLogger()) {
      const informer = new Informer<ConfigMap>(
        client,
        { ...defaultInformerOptions(configMapType), namespace, ...options },
        logger,
      );
      informers.push(informer);
      return informer;
    },
    async stopAll() {
      await Promise.all(informers.splice(0).map((informer) => informer.stop()));
    },
  };
}

/** The cache holds exactly what the server lists: same names, same resourceVersions, same data. */
async function expectCacheMatchesServer(client: KubeClient, informer: Informer<ConfigMap>, namespace: string) {
  const { items } = await client.list<ConfigMap>(configMapType, { namespace });
  const server = Object.fromEntries(
    items.map((item) => [item.metadata.name, [item.metadata.resourceVersion, item.data]]),
  );
  const cached = Object.fromEntries(
    informer.list(namespace).map((item) => [item.metadata.name, [item.metadata.resourceVersion, item.data]]),
  );
  expect(cached).toEqual(server);
}

describe('Informer on a dev cluster', () => {
  let cluster: DevCluster;
  let env: ReturnType<typeof setup>;

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    env = setup(cluster);
  });
  afterEach(async () => {
    cluster.setFaults({ dropWatchRate: 0, errorRate: 0, throttleRate: 0 });
    await env.stopAll();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('syncs the objects that already exist, serves reads from its cache, and stops cleanly', async () => {
    const namespace = await env.freshNamespace('sync');
    const other = await env.freshNamespace('sync-other');
    for (const name of ['a', 'b', 'c']) await env.client.create(configMapType, configMap(namespace, name, { name }));
    await env.client.create(configMapType, configMap(other, 'elsewhere'));

    const informer = env.informer(namespace);
    expect(informer.hasSynced()).toBe(false);
    const synced = informer.waitForSync();
    informer.start();
    expect(await synced).toBe(true);
    expect(informer.hasSynced()).toBe(true);
    expect(await informer.waitForSync()).toBe(true);

    expect(
      informer
        .list()
        .map((item) => item.metadata.name)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(informer.get(`${namespace}/b`)).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace, name: 'b' },
      data: { name: 'b' },
    });
    expect(informer.get(`${other}/elsewhere`)).toBeUndefined();
    expect(informer.resourceVersion).toMatch(/^\d+$/);

    // Reads never reach the API server: with every request failing they still answer.
    cluster.setFaults({ errorRate: 1 });
    expect(informer.get(`${namespace}/a`)?.data).toEqual({ name: 'a' });
    expect(informer.list(namespace)).toHaveLength(3);
    cluster.setFaults({ errorRate: 0 });

    await informer.stop();
    const stats = informer.stats;
    await env.client.create(configMapType, configMap(namespace, 'after-stop'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(informer.get(`${namespace}/after-stop`)).toBeUndefined();
    expect(informer.stats).toEqual(stats);
  });

  it('fires add, update and delete once each, and replays the cache to a late handler', async () => {
    const namespace = await env.freshNamespace('handlers');
    await env.client.create(configMapType, configMap(namespace, 'existing', { v: '0' }));
    const informer = env.informer(namespace);
    const seen: string[] = [];
    informer.addHandler({
      onAdd: (object) => seen.push(`add ${object.metadata.name} ${object.data?.v}`),
      onUpdate: (object, previous) =>
        seen.push(`update ${object.metadata.name} ${previous.data?.v}->${object.data?.v}`),
      onDelete: (object) => seen.push(`delete ${object.metadata.name} ${object.data?.v}`),
    });
    informer.start();
    await informer.waitForSync();
    expect(seen).toEqual(['add existing 0']);

    await env.client.create(configMapType, configMap(namespace, 'new', { v: '1' }));
    await env.client.patch(
      configMapType,
      { namespace, name: 'new' },
      { data: { v: '2' } },
      { patchType: 'application/merge-patch+json' },
    );
    await env.client.delete(configMapType, { namespace, name: 'new' });
    await eventually(() => expect(seen).toHaveLength(4));
    // Give a duplicate event a chance to show up before the exact check.
    await env.client.create(configMapType, configMap(namespace, 'marker'));
    await eventually(() => expect(seen).toHaveLength(5));
    expect(seen).toEqual(['add existing 0', 'add new 1', 'update new 1->2', 'delete new 2', 'add marker undefined']);
    expect(informer.get(`${namespace}/new`)).toBeUndefined();

    const late: string[] = [];
    informer.addHandler({ onAdd: (object) => late.push(object.metadata.name) });
    expect(late.sort()).toEqual(['existing', 'marker']);
  });

  it('keeps an index by label value correct across label changes and deletes', async () => {
    const namespace = await env.freshNamespace('index');
    await env.client.create(configMapType, configMap(namespace, 'one', {}, { team: 'red' }));
    await env.client.create(configMapType, configMap(namespace, 'two', {}, { team: 'red' }));
    await env.client.create(configMapType, configMap(namespace, 'three', {}, { team: 'blue' }));
    await env.client.create(configMapType, configMap(namespace, 'unlabelled'));

    const informer = env.informer(namespace);
    informer.start();
    await informer.waitForSync();
    // An index added after the sync is built from what the cache holds.
    informer.addIndex('team', (object) => (object.metadata.labels?.team ? [object.metadata.labels.team] : []));
    const names = (team: string) =>
      informer
        .byIndex('team', team)
        .map((object) => object.metadata.name)
        .sort();
    expect(names('red')).toEqual(['one', 'two']);
    expect(names('blue')).toEqual(['three']);
    expect(names('green')).toEqual([]);
    expect(() => informer.byIndex('owner', 'x')).toThrow('no index named owner');

    await env.client.patch(
      configMapType,
      { namespace, name: 'two' },
      { metadata: { labels: { team: 'blue' } } },
      { patchType: 'application/merge-patch+json' },
    );
    await env.client.patch(
      configMapType,
      { namespace, name: 'unlabelled' },
      { metadata: { labels: { team: 'green' } } },
      { patchType: 'application/merge-patch+json' },
    );
    await env.client.delete(configMapType, { namespace, name: 'three' });
    await eventually(() => {
      expect(names('red')).toEqual(['one']);
      expect(names('blue')).toEqual(['two']);
      expect(names('green')).toEqual(['unlabelled']);
    });

    await env.client.patch(
      configMapType,
      { namespace, name: 'one' },
      { metadata: { labels: { team: null } } },
      { patchType: 'application/merge-patch+json' },
    );
    await env.client.delete(configMapType, { namespace, name: 'two' });
    await eventually(() => {
      expect(names('red')).toEqual([]);
      expect(names('blue')).toEqual([]);
      expect(names('green')).toEqual(['unlabelled']);
    });
  });

  it('resumes a dropped watch from its resourceVersion, without relisting, and misses no change', async () => {
    const namespace = await env.freshNamespace('drops');
    const logger = recordingLogger();
    const informer = env.informer(namespace, {}, logger);
    let adds = 0;
    let deletes = 0;
    informer.addHandler({
      onAdd: () => {
        adds += 1;
      },
      onDelete: () => {
        deletes += 1;
      },
    });
    cluster.setFaults({ dropWatchRate: 1, dropWatchAfterMs: 150 });
    informer.start();
    await informer.waitForSync();

    // Keep writing until the watch has been cut and resumed several times.
    let round = 0;
    while (informer.stats.watches < 5) {
      round += 1;
      await env.client.create(configMapType, configMap(namespace, `cm-${round}`, { round: String(round) }));
      if (round > 2) {
        await env.client.patch(
          configMapType,
          { namespace, name: `cm-${round - 1}` },
          { data: { round: `${round - 1} updated` } },
          { patchType: 'application/merge-patch+json' },
        );
        await env.client.delete(configMapType, { namespace, name: `cm-${round - 2}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    cluster.setFaults({ dropWatchRate: 0 });
    await eventually(() => expectCacheMatchesServer(env.client, informer, namespace));

    expect(informer.stats.relists).toBe(1);
    expect(adds).toBe(round);
    expect(deletes).toBe(Math.max(0, round - 2));
    // Each cut watch had been open, so the backoff starts over instead of doubling with every drop.
    const drops = logger.warnings.filter((warning) => warning.fields.retryInMs !== undefined);
    expect(drops.length).toBeGreaterThanOrEqual(3);
    expect(drops.map((warning) => warning.fields.retryInMs)).toEqual(drops.map(() => 200));
  });

  it('backs off when the API server fails, and syncs once it recovers', async () => {
    const namespace = await env.freshNamespace('outage');
    await env.client.create(configMapType, configMap(namespace, 'present'));
    const logger = recordingLogger();
    cluster.setFaults({ errorRate: 1 });
    const informer = env.informer(namespace, { minRetryMs: 20, maxRetryMs: 80 }, logger);
    informer.start();
    await eventually(() => expect(logger.warnings.length).toBeGreaterThanOrEqual(4));
    expect(informer.hasSynced()).toBe(false);
    expect(logger.warnings[0]?.message).toMatch(/^ConfigMap list failed \(InternalError\): /);
    expect(logger.warnings.map((warning) => warning.fields.retryInMs).slice(0, 4)).toEqual([20, 40, 80, 80]);

    cluster.setFaults({ errorRate: 0 });
    expect(await informer.waitForSync()).toBe(true);
    expect(informer.list().map((object) => object.metadata.name)).toEqual(['present']);
  });

  it('waitForSync answers false when its signal is aborted first', async () => {
    const namespace = await env.freshNamespace('abort');
    const informer = env.informer(namespace);
    const controller = new AbortController();
    const waiting = informer.waitForSync(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(await informer.waitForSync(AbortSignal.abort())).toBe(false);
  }, 5000);
});

describe('Informer when its resourceVersion has expired (410)', () => {
  let cluster: DevCluster;
  let env: ReturnType<typeof setup>;

  beforeAll(async () => {
    // A history of 5 events: a watch that was away for more writes than that cannot resume.
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 0, watchHistory: 5, bookmarkIntervalMs: 60_000 });
    env = setup(cluster);
  });
  afterAll(async () => {
    await env?.stopAll();
    await cluster?.stop();
  });

  it('relists, and the cache converges to the server list with no ghosts of objects deleted in the gap', async () => {
    const namespace = await env.freshNamespace('expired');
    for (const name of ['keep', 'change', 'gone-1', 'gone-2']) {
      await env.client.create(configMapType, configMap(namespace, name, { v: '1' }));
    }
    const logger = recordingLogger();
    // A long retry delay after a cut watch leaves a gap in which the test writes.
    const informer = env.informer(namespace, { minRetryMs: 2000, maxRetryMs: 2000 }, logger);
    const deleted: string[] = [];
    const updated: string[] = [];
    const added: string[] = [];
    informer.addHandler({
      onAdd: (object) => void added.push(object.metadata.name),
      onUpdate: (object) => void updated.push(`${object.metadata.name}=${object.data?.v}`),
      onDelete: (object) => void deleted.push(object.metadata.name),
    });
    cluster.setFaults({ dropWatchRate: 1, dropWatchAfterMs: 200 });
    informer.start();
    await informer.waitForSync();
    expect(added.sort()).toEqual(['change', 'gone-1', 'gone-2', 'keep']);
    const relistsBefore = informer.stats.relists;
    const resumeFrom = informer.resourceVersion;

    // The watch is cut; the informer now waits 1-2 s before resuming from `resumeFrom`.
    await eventually(() => expect(logger.warnings).toHaveLength(1), { timeoutMs: 10_000, intervalMs: 10 });
    cluster.setFaults({ dropWatchRate: 0 });
    await env.client.delete(configMapType, { namespace, name: 'gone-1' });
    await env.client.delete(configMapType, { namespace, name: 'gone-2' });
    await env.client.patch(
      configMapType,
      { namespace, name: 'change' },
      { data: { v: '2' } },
      { patchType: 'application/merge-patch+json' },
    );
    await env.client.create(configMapType, configMap(namespace, 'born', { v: '1' }));
    // Writes elsewhere push the informer's resourceVersion out of the history too.
    for (let i = 0; i < 8; i++) {
      await env.client.create(secretType, { apiVersion: 'v1', kind: 'Secret', metadata: { namespace, name: `s${i}` } });
    }
    expect(informer.resourceVersion).toBe(resumeFrom);
    expect(informer.list(namespace)).toHaveLength(4);

    await eventually(() => expect(informer.stats.relists).toBeGreaterThan(relistsBefore), { timeoutMs: 15_000 });
    await eventually(() => expectCacheMatchesServer(env.client, informer, namespace));
    expect(logger.debugs).toContain('watch expired, relisting');
    expect(
      informer
        .list()
        .map((object) => object.metadata.name)
        .sort(),
    ).toEqual(['born', 'change', 'keep']);
    expect(deleted.sort()).toEqual(['gone-1', 'gone-2']);
    expect(updated).toEqual(['change=2']);
    expect(added.sort()).toEqual(['born', 'change', 'gone-1', 'gone-2', 'keep']);

    // After the relist the informer watches again from the new list.
    await env.client.delete(configMapType, { namespace, name: 'keep' });
    await eventually(() => expectCacheMatchesServer(env.client, informer, namespace));
    expect(deleted.sort()).toEqual(['gone-1', 'gone-2', 'keep']);
  });
});
