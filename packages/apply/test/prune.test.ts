import { FluxAnnotation, FluxLabel, PruneDisabled } from '@driftless/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Action,
  defaultDeleteOptions,
  inventoryDiff,
  inventoryFromChangeSet,
  inventoryRefs,
  ResourceManager,
  type Unstructured,
} from '../src/index.js';
import { configMap, createNamespace, startTestCluster, type TestCluster, withAnnotations } from './support.js';

let env: TestCluster;
let manager: ResourceManager;

beforeAll(async () => {
  env = await startTestCluster();
  manager = new ResourceManager({ client: env.client });
});

afterAll(async () => {
  await env?.cluster.stop();
});

const owner = (name: string, namespace = 'flux-system') => ({
  [FluxLabel.KustomizeName]: name,
  [FluxLabel.KustomizeNamespace]: namespace,
});

const labelled = (object: Unstructured, labels: Record<string, string>): Unstructured => ({
  ...object,
  metadata: { ...object.metadata, labels },
});

describe('ResourceManager.deleteAll (prune)', () => {
  it('prunes what left the inventory, keeping prune-disabled objects and objects taken over', async () => {
    const namespace = await createNamespace(env.client);
    const kept = configMap(namespace, 'kept', { a: '1' });
    const stale = labelled(configMap(namespace, 'stale', { a: '1' }), owner('apps'));
    const pinned = labelled(
      withAnnotations(configMap(namespace, 'pinned', { a: '1' }), { [FluxAnnotation.Prune]: PruneDisabled }),
      owner('apps'),
    );
    const adopted = labelled(configMap(namespace, 'adopted', { a: '1' }), owner('other'));
    const first = inventoryFromChangeSet(await manager.applyAll([kept, stale, pinned, adopted]));
    const next = inventoryFromChangeSet(await manager.applyAll([kept]));

    const gone = inventoryDiff(first, next);
    expect(gone.map((entry) => entry.id)).toEqual([
      `${namespace}_adopted__ConfigMap`,
      `${namespace}_pinned__ConfigMap`,
      `${namespace}_stale__ConfigMap`,
    ]);
    const pruned = await manager.deleteAll(inventoryRefs(gone), {
      ...defaultDeleteOptions(),
      inventoryOwner: owner('apps'),
    });
    expect(pruned.entries.map((e) => `${e.subject} ${e.action}`)).toEqual([
      `ConfigMap/${namespace}/adopted skipped`,
      `ConfigMap/${namespace}/pinned skipped`,
      `ConfigMap/${namespace}/stale deleted`,
    ]);
    expect(await manager.get(stale)).toBeUndefined();
    expect(await manager.get(pinned)).toBeDefined();
    expect(await manager.get(adopted)).toBeDefined();
    expect(await manager.get(kept)).toBeDefined();
  });

  it('counts objects already gone as deleted and removes namespaces last', async () => {
    const namespace = await createNamespace(env.client, 'prune');
    const config = configMap(namespace, 'inside', { a: '1' });
    await manager.apply(config);
    const namespaceRef = { namespace: '', name: namespace, group: '', kind: 'Namespace', version: 'v1' };
    const missing = { namespace, name: 'never-existed', group: '', kind: 'ConfigMap', version: 'v1' };
    const unserved = { namespace, name: 'w', group: 'example.com', kind: 'Gone', version: 'v1' };

    const changeSet = await manager.deleteAll([namespaceRef, config, missing, unserved]);
    expect(changeSet.entries.map((e) => `${e.subject} ${e.action}`)).toEqual([
      `ConfigMap/${namespace}/inside deleted`,
      `ConfigMap/${namespace}/never-existed deleted`,
      `Gone/${namespace}/w deleted`,
      `Namespace/${namespace} deleted`,
    ]);
    expect(await manager.get(config)).toBeUndefined();
    expect((await manager.delete(config)).action).toBe(Action.Deleted);
  });
});
