import { join } from 'node:path';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig, type ResourceType } from '@driftless/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, helm, scratchHome } from '../../test/storage-support.js';
import { type Release, ReleaseStatus } from '../release/release.js';
import { createReleaseStorage } from './create-release-storage.js';
import { type ReleaseStorage, StorageDriver } from './release-storage.js';
import { ReleaseDecodeError, ReleaseExistsError, ReleaseNotFoundError } from './storage-errors.js';
import { releaseObjectName, type StorageObject, storageTypeOf } from './storage-object.js';

const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};
const chart = join(fixturesDir, 'storage-chart');
const drivers = [StorageDriver.Secret, StorageDriver.ConfigMap];

let cluster: DevCluster;
let client: KubeClient;
const home = scratchHome();
let namespaces = 0;

beforeAll(async () => {
  cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
  client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
});

afterAll(async () => {
  await cluster?.stop();
  home.cleanup();
});

async function freshNamespace(): Promise<string> {
  namespaces += 1;
  const name = `storage-${namespaces}`;
  await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

async function setup(
  driver: StorageDriver,
): Promise<{ namespace: string; storage: ReleaseStorage; run: (args: string[]) => Promise<string> }> {
  const namespace = await freshNamespace();
  const storage = createReleaseStorage(client, { driver, namespace });
  const run = (args: string[]) =>
    helm([...args, '--namespace', namespace], {
      home: home.path,
      kubeconfig: cluster.kubeconfigPath,
      env: { HELM_DRIVER: driver },
    });
  return { namespace, storage, run };
}

/** Helm's own release record for the chart, as `helm install --dry-run` prints it, made revision `version`. */
async function helmRelease(
  run: (args: string[]) => Promise<string>,
  name: string,
  version: number,
  status: ReleaseStatus,
): Promise<Release> {
  const printed = JSON.parse(
    await run(['install', name, chart, '--dry-run=client', '-o', 'json', '--set', 'greeting=hi']),
  ) as Release;
  return { ...printed, version, info: { ...printed.info, status, description: 'Install complete' } };
}

describe.each(drivers)('release storage on the %s driver', (driver) => {
  it('reads back a release the real helm installed', async () => {
    const { storage, run } = await setup(driver);
    await run(['install', 'demo', chart, '--set', 'greeting=hi', '--labels', 'team=a']);
    const history = await storage.history('demo');
    expect(history).toHaveLength(1);
    const [stored] = history;
    expect(stored.info.status).toBe(ReleaseStatus.Deployed);
    expect(stored.info.description).toBe('Install complete');
    expect(stored.config).toEqual({ greeting: 'hi' });
    expect(stored.manifest).toContain('name: demo-greeting');
    expect(stored.labels).toEqual({ team: 'a' });
    expect(await storage.last('demo')).toEqual(stored);
    expect(await storage.get('demo', 1)).toEqual(stored);
    expect(await storage.get('demo', 2)).toBeUndefined();
    expect(await storage.history('other')).toEqual([]);
  });

  it('writes releases the real helm lists, shows in history and reads values from', async () => {
    const { storage, run } = await setup(driver);
    const first = await helmRelease(run, 'written', 1, ReleaseStatus.Superseded);
    const second = { ...(await helmRelease(run, 'written', 2, ReleaseStatus.Deployed)), labels: { team: 'b' } };
    await storage.create(first);
    await storage.create(second);

    const list = JSON.parse(await run(['list', '-o', 'json']));
    expect(list).toMatchObject([{ name: 'written', revision: '2', status: 'deployed', chart: 'storage-demo-0.1.0' }]);
    const history = JSON.parse(await run(['history', 'written', '-o', 'json']));
    expect(history.map((entry: { revision: number; status: string }) => [entry.revision, entry.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    expect(JSON.parse(await run(['get', 'values', 'written', '-o', 'json']))).toEqual({ greeting: 'hi' });
    expect((await storage.last('written'))?.labels).toEqual({ team: 'b' });
  });

  it('refuses to create a revision twice', async () => {
    const { storage, run } = await setup(driver);
    const release = await helmRelease(run, 'twice', 1, ReleaseStatus.Deployed);
    await storage.create(release);
    await expect(storage.create(release)).rejects.toBeInstanceOf(ReleaseExistsError);
  });

  it('updates a revision, changing its status label as helm does', async () => {
    const { namespace, storage, run } = await setup(driver);
    const release = await helmRelease(run, 'updated', 1, ReleaseStatus.Deployed);
    await storage.create(release);
    const type = storageTypeOf(driver);
    const created = await client.get<StorageObject>(type, namespace, releaseObjectName('updated', 1));
    expect(created.metadata.labels).toMatchObject({ name: 'updated', owner: 'helm', status: 'deployed', version: '1' });
    expect(created.metadata.labels?.createdAt).toMatch(/^\d+$/);
    if (driver === StorageDriver.Secret) expect(created.type).toBe('helm.sh/release.v1');

    await storage.update({ ...release, info: { ...release.info, status: ReleaseStatus.Superseded } });
    const updated = await client.get<StorageObject>(type, namespace, releaseObjectName('updated', 1));
    expect(updated.metadata.labels?.status).toBe('superseded');
    expect(updated.metadata.labels?.modifiedAt).toMatch(/^\d+$/);
    expect(updated.metadata.labels?.createdAt).toBeUndefined();
    expect((await storage.get('updated', 1))?.info.status).toBe(ReleaseStatus.Superseded);
    const history = JSON.parse(await run(['history', 'updated', '-o', 'json']));
    expect(history[0].status).toBe('superseded');

    await expect(storage.update({ ...release, version: 9 })).rejects.toBeInstanceOf(ReleaseNotFoundError);
  });

  it('prunes the oldest revisions but never the latest deployed one', async () => {
    const { storage, run } = await setup(driver);
    const statuses = [
      ReleaseStatus.Superseded,
      ReleaseStatus.Deployed,
      ReleaseStatus.Failed,
      ReleaseStatus.Failed,
      ReleaseStatus.Failed,
    ];
    const template = await helmRelease(run, 'pruned', 1, ReleaseStatus.Deployed);
    for (const [index, status] of statuses.entries()) {
      await storage.create({ ...template, version: index + 1, info: { ...template.info, status } });
    }
    await storage.prune('pruned', 0);
    expect(await storage.history('pruned')).toHaveLength(5);
    await storage.prune('pruned', 2);
    expect((await storage.history('pruned')).map((release) => release.version)).toEqual([2, 5]);
    const history = JSON.parse(await run(['history', 'pruned', '-o', 'json']));
    expect(history.map((entry: { revision: number }) => entry.revision)).toEqual([2, 5]);
  });

  it('prunes down to the newest revisions when the newest is the deployed one', async () => {
    const { storage, run } = await setup(driver);
    const template = await helmRelease(run, 'kept', 1, ReleaseStatus.Superseded);
    for (let version = 1; version <= 5; version++) {
      const status = version === 5 ? ReleaseStatus.Deployed : ReleaseStatus.Superseded;
      await storage.create({ ...template, version, info: { ...template.info, status } });
    }
    await storage.prune('kept', 3);
    expect((await storage.history('kept')).map((release) => release.version)).toEqual([3, 4, 5]);
  });

  it('deletes a revision, and deleting an absent one is fine', async () => {
    const { storage, run } = await setup(driver);
    await storage.create(await helmRelease(run, 'deleted', 1, ReleaseStatus.Deployed));
    await storage.delete('deleted', 1);
    await storage.delete('deleted', 1);
    expect(await storage.history('deleted')).toEqual([]);
  });
});

describe('an undecodable storage object', () => {
  it('fails with an error naming the object, not its contents', async () => {
    const { namespace, storage } = await setup(StorageDriver.Secret);
    const name = releaseObjectName('broken', 1);
    await client.create(storageTypeOf(StorageDriver.Secret), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace, labels: { owner: 'helm', name: 'broken', version: '1', status: 'deployed' } },
      type: 'helm.sh/release.v1',
      data: { release: Buffer.from(Buffer.from('{"password":"hunter2"').toString('base64')).toString('base64') },
    });
    const error = await storage.history('broken').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ReleaseDecodeError);
    expect((error as Error).message).toContain(`Secret/${namespace}/${name}`);
    expect((error as Error).message).not.toContain('hunter2');
    await expect(storage.get('broken', 1)).rejects.toBeInstanceOf(ReleaseDecodeError);
  });
});
