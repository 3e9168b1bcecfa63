import { describe, expect, it } from 'vitest';
import { ObjectStore, type StoreEvent } from './store.js';
import type { KubeObject } from './types.js';

const configMaps = '/configmaps';
const configMap = (namespace: string | undefined, name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { namespace, name },
  data,
});
const names = (objects: KubeObject[]) => objects.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

/** What `list(collection, namespace)` returned before the per-namespace index: the collection filtered. */
const filtered = (store: ObjectStore, namespace: string) =>
  names(store.list(configMaps).filter((o) => o.metadata.namespace === namespace));

describe('ObjectStore namespaced list', () => {
  it('returns the namespace objects in the collection order through writes and deletes', () => {
    const store = new ObjectStore();
    store.put(configMaps, configMap('a', 'one'));
    store.put(configMaps, configMap('b', 'one'));
    store.put(configMaps, configMap('a', 'two'));
    store.put(configMaps, configMap('a', 'three'));
    store.put(configMaps, configMap('a', 'one', { changed: 'yes' }));
    store.remove(configMaps, 'a', 'two');
    store.put(configMaps, configMap('a', 'two'));

    expect(names(store.list(configMaps, 'a'))).toEqual(['a/one', 'a/three', 'a/two']);
    expect(names(store.list(configMaps, 'a'))).toEqual(filtered(store, 'a'));
    expect(store.list(configMaps, 'a')[0].data).toEqual({ changed: 'yes' });
    expect(names(store.list(configMaps, 'b'))).toEqual(['b/one']);
    expect(store.list(configMaps, 'c')).toEqual([]);
    expect(store.list('/secrets', 'a')).toEqual([]);
  });

  it('empties a namespace when its last object goes', () => {
    const store = new ObjectStore();
    store.put(configMaps, configMap('a', 'one'));
    store.remove(configMaps, 'a', 'one');
    expect(store.list(configMaps, 'a')).toEqual([]);
    store.put(configMaps, configMap('a', 'two'));
    expect(names(store.list(configMaps, 'a'))).toEqual(['a/two']);
  });

  it('keeps the collection order when an empty namespace and no namespace share a key', () => {
    const store = new ObjectStore();
    store.put(configMaps, configMap(undefined, 'one'));
    store.put(configMaps, configMap('', 'two'));
    store.put(configMaps, configMap('', 'one'));

    expect(names(store.list(configMaps, ''))).toEqual(['/one', '/two']);
    expect(names(store.list(configMaps, ''))).toEqual(filtered(store, ''));
    expect(store.list(configMaps, '').every((o) => o.metadata.namespace === '')).toBe(true);
  });

  it('rebuilds the namespaces on restore', () => {
    const store = new ObjectStore();
    store.put(configMaps, configMap('a', 'one'));
    const snapshot = store.snapshot();
    store.put(configMaps, configMap('a', 'two'));

    store.restore(snapshot);

    expect(names(store.list(configMaps, 'a'))).toEqual(['a/one']);
  });
});

describe('ObjectStore version', () => {
  it('changes on writes, deletes and restore of the collection only', () => {
    const store = new ObjectStore();
    const seen = new Set([store.version(configMaps)]);
    const changed = () => {
      const version = store.version(configMaps);
      const fresh = !seen.has(version);
      seen.add(version);
      return fresh;
    };

    store.put(configMaps, configMap('a', 'one'));
    expect(changed()).toBe(true);
    store.put('/secrets', configMap('a', 'one'));
    expect(changed()).toBe(false);
    store.remove(configMaps, 'a', 'missing');
    expect(changed()).toBe(false);
    store.remove(configMaps, 'a', 'one');
    expect(changed()).toBe(true);
    store.put(configMaps, configMap('a', 'one'));
    expect(changed()).toBe(true);
    const snapshot = store.snapshot();
    store.restore(snapshot);
    expect(changed()).toBe(true);
    store.restore(snapshot);
    expect(changed()).toBe(true);
  });
});

describe('ObjectStore namespaced subscribe', () => {
  it('calls a namespace listener for its namespace only, in revision order, until unsubscribed', () => {
    const store = new ObjectStore();
    const inA: StoreEvent[] = [];
    const all: StoreEvent[] = [];
    const unsubscribe = store.subscribe(configMaps, (event) => inA.push(event), { namespace: 'a' });
    store.subscribe(configMaps, (event) => all.push(event));

    store.put(configMaps, configMap('a', 'one'));
    store.put(configMaps, configMap('b', 'one'));
    store.put(configMaps, configMap('a', 'one', { changed: 'yes' }));
    store.remove(configMaps, 'a', 'one');
    unsubscribe();
    store.put(configMaps, configMap('a', 'two'));

    expect(inA.map((e) => [e.type, e.revision])).toEqual([
      ['ADDED', 1],
      ['MODIFIED', 3],
      ['DELETED', 4],
    ]);
    expect(all.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);
  });

  it('hears an event once when the object moved between no namespace and an empty one', () => {
    const store = new ObjectStore();
    const inEmpty: StoreEvent[] = [];
    store.subscribe(configMaps, (event) => inEmpty.push(event), { namespace: '' });

    store.put(configMaps, configMap(undefined, 'one'));
    store.put(configMaps, configMap('', 'one'));
    store.put(configMaps, configMap(undefined, 'one'));

    expect(inEmpty.map((e) => e.revision)).toEqual([2, 3]);
  });
});
