import { gone } from './errors.js';
import type { KubeObject } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly revision: number;
  readonly type: WatchEventType;
  /** `<group>/<plural>`: the collection the object lives in. */
  readonly collection: string;
  readonly object: KubeObject;
  readonly previous?: KubeObject;
}

export type StoreListener = (event: StoreEvent) => void;

export interface SubscribeOptions {
  /**
   * Only events whose object (or, for a MODIFIED event, previous object) is in this namespace.
   * Listeners that filter by namespace anyway are then not called for every other namespace's writes.
   */
  namespace?: string;
}

export interface StoreOptions {
  /** How many past events a watch can resume from before it gets 410 Gone. */
  historySize: number;
}

export const defaultStoreOptions = (): StoreOptions => ({ historySize: 50_000 });

const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

type Namespace = string | undefined;

/**
 * The object store: one map per collection, a global increasing revision, and a bounded
 * history of events so watches can resume. Stored objects are never mutated: every write
 * stores a new object.
 *
 * Each collection is also kept per namespace (same keys, same order as the collection's map),
 * so a namespaced list touches only that namespace, and listeners may subscribe to one namespace.
 */
export class ObjectStore {
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private readonly byNamespace = new Map<string, Map<Namespace, Map<string, KubeObject>>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Map<string, Set<StoreListener>>();
  private readonly namespaceListeners = new Map<string, Map<string, Set<StoreListener>>>();
  private readonly anyListeners = new Set<StoreListener>();
  private revision = 0;
  /** Bumped by every change, including a restore; never reset, unlike `revision`. */
  private changes = 0;
  private readonly changedAt = new Map<string, number>();
  private restoredAt = 0;
  private readonly options: StoreOptions;

  constructor(options: StoreOptions = defaultStoreOptions()) {
    this.options = options;
  }

  get currentRevision(): number {
    return this.revision;
  }

  /** The oldest revision a watch may resume after. */
  get oldestResumableRevision(): number {
    return this.history.length ? this.history[0].revision - 1 : this.revision;
  }

  get(collection: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.collections.get(collection)?.get(objectKey(namespace, name));
  }

  list(collection: string, namespace?: string): KubeObject[] {
    if (namespace === undefined) {
      const objects = this.collections.get(collection);
      return objects ? [...objects.values()] : [];
    }
    const objects = this.byNamespace.get(collection)?.get(namespace);
    return objects ? [...objects.values()] : [];
  }

  /**
   * A number that changes whenever `collection`'s contents may have changed (a write, a delete or a
   * restore) and stays the same otherwise, for caches derived from a collection's objects.
   */
  version(collection: string): number {
    return this.changedAt.get(collection) ?? this.restoredAt;
  }

  count(collection: string): number {
    return this.collections.get(collection)?.size ?? 0;
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Stores `object` (new or replacing), stamping the next resourceVersion. */
  put(collection: string, object: KubeObject): KubeObject {
    const objects = this.collectionFor(collection);
    const key = objectKey(object.metadata.namespace, object.metadata.name!);
    const previous = objects.get(key);
    const revision = ++this.revision;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
    objects.set(key, stored);
    this.file(collection, key, stored, previous);
    this.record({ revision, type: previous ? 'MODIFIED' : 'ADDED', collection, object: stored, previous });
    return stored;
  }

  remove(collection: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const objects = this.collections.get(collection);
    const key = objectKey(namespace, name);
    const previous = objects?.get(key);
    if (!objects || !previous) return undefined;
    objects.delete(key);
    const namespaces = this.byNamespace.get(collection);
    const inNamespace = namespaces?.get(previous.metadata.namespace);
    inNamespace?.delete(key);
    if (inNamespace?.size === 0) namespaces?.delete(previous.metadata.namespace);
    this.changedAt.set(collection, ++this.changes);
    const revision = ++this.revision;
    const removed = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(revision) } };
    this.record({ revision, type: 'DELETED', collection, object: removed, previous });
    return removed;
  }

  /** Events of `collection` after `revision`; throws 410 Gone when they are no longer kept. */
  eventsSince(collection: string, revision: number): StoreEvent[] {
    if (revision < this.oldestResumableRevision) {
      throw gone(`too old resource version: ${revision} (${this.oldestResumableRevision + 1})`);
    }
    let low = 0;
    let high = this.history.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.history[middle].revision <= revision) low = middle + 1;
      else high = middle;
    }
    const events: StoreEvent[] = [];
    for (let i = low; i < this.history.length; i++) {
      if (this.history[i].collection === collection) events.push(this.history[i]);
    }
    return events;
  }

  subscribe(collection: string, listener: StoreListener, options: SubscribeOptions = {}): () => void {
    const { namespace } = options;
    if (namespace === undefined) {
      let set = this.listeners.get(collection);
      if (!set) {
        set = new Set();
        this.listeners.set(collection, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    }
    let byNamespace = this.namespaceListeners.get(collection);
    if (!byNamespace) {
      byNamespace = new Map();
      this.namespaceListeners.set(collection, byNamespace);
    }
    let set = byNamespace.get(namespace);
    if (!set) {
      set = new Set();
      byNamespace.set(namespace, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      // Namespaces come and go (a test each); drop the emptied set, unless a new one replaced it.
      if (set.size === 0 && byNamespace.get(namespace) === set) byNamespace.delete(namespace);
    };
  }

  subscribeAll(listener: StoreListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /** Every object, for persistence. */
  snapshot(): { revision: number; collections: Record<string, KubeObject[]> } {
    const collections: Record<string, KubeObject[]> = {};
    for (const [name, objects] of this.collections) collections[name] = [...objects.values()];
    return { revision: this.revision, collections };
  }

  restore(snapshot: { revision: number; collections: Record<string, KubeObject[]> }): void {
    this.collections.clear();
    this.byNamespace.clear();
    this.history.length = 0;
    for (const [name, objects] of Object.entries(snapshot.collections)) {
      const map = this.collectionFor(name);
      for (const object of objects) map.set(objectKey(object.metadata.namespace, object.metadata.name!), object);
      for (const [key, object] of map) this.namespaceOf(name, object.metadata.namespace).set(key, object);
    }
    this.revision = snapshot.revision;
    this.changedAt.clear();
    this.restoredAt = ++this.changes;
  }

  private collectionFor(collection: string): Map<string, KubeObject> {
    let objects = this.collections.get(collection);
    if (!objects) {
      objects = new Map();
      this.collections.set(collection, objects);
    }
    return objects;
  }

  private namespaceOf(collection: string, namespace: Namespace): Map<string, KubeObject> {
    let namespaces = this.byNamespace.get(collection);
    if (!namespaces) {
      namespaces = new Map();
      this.byNamespace.set(collection, namespaces);
    }
    let objects = namespaces.get(namespace);
    if (!objects) {
      objects = new Map();
      namespaces.set(namespace, objects);
    }
    return objects;
  }

  /** Keeps the per-namespace maps in step with a `put` into the collection's map. */
  private file(collection: string, key: string, stored: KubeObject, previous: KubeObject | undefined): void {
    this.changedAt.set(collection, ++this.changes);
    const namespace = stored.metadata.namespace;
    if (!previous || previous.metadata.namespace === namespace) {
      this.namespaceOf(collection, namespace).set(key, stored);
      return;
    }
    // The key was held by an object of another namespace (`undefined` and `''` share keys): rebuild
    // both from the collection's map so they keep its order.
    const objects = this.collections.get(collection)!;
    for (const affected of [previous.metadata.namespace, namespace]) {
      const map = this.namespaceOf(collection, affected);
      map.clear();
      for (const [k, object] of objects) if (object.metadata.namespace === affected) map.set(k, object);
    }
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    // Trimmed in batches so a full history does not shift the whole array on every write.
    const slack = Math.max(1, Math.floor(this.options.historySize / 10));
    if (this.history.length > this.options.historySize + slack) {
      this.history.splice(0, this.history.length - this.options.historySize);
    }
    for (const listener of this.listeners.get(event.collection) ?? []) listener(event);
    const byNamespace = this.namespaceListeners.get(event.collection);
    if (byNamespace?.size) {
      const namespace = event.object.metadata.namespace;
      const previous = event.previous?.metadata.namespace;
      if (namespace !== undefined) for (const listener of byNamespace.get(namespace) ?? []) listener(event);
      if (previous !== undefined && previous !== namespace) {
        for (const listener of byNamespace.get(previous) ?? []) listener(event);
      }
    }
    for (const listener of this.anyListeners) listener(event);
  }
}
