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

export interface StoreOptions {
  /** How many past events a watch can resume from before it gets 410 Gone. */
  historySize: number;
}

export const defaultStoreOptions = (): StoreOptions => ({ historySize: 50_000 });

const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * The object store: one map per collection, a global increasing revision, and a bounded
 * history of events so watches can resume. Stored objects are never mutated: every write
 * stores a new object.
 */
export class ObjectStore {
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Map<string, Set<StoreListener>>();
  private readonly anyListeners = new Set<StoreListener>();
  private revision = 0;
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
    const objects = this.collections.get(collection);
    if (!objects) return [];
    const all = [...objects.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
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
    this.record({ revision, type: previous ? 'MODIFIED' : 'ADDED', collection, object: stored, previous });
    return stored;
  }

  remove(collection: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const objects = this.collections.get(collection);
    const key = objectKey(namespace, name);
    const previous = objects?.get(key);
    if (!objects || !previous) return undefined;
    objects.delete(key);
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

  subscribe(collection: string, listener: StoreListener): () => void {
    let set = this.listeners.get(collection);
    if (!set) {
      set = new Set();
      this.listeners.set(collection, set);
    }
    set.add(listener);
    return () => set.delete(listener);
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
    this.history.length = 0;
    for (const [name, objects] of Object.entries(snapshot.collections)) {
      const map = this.collectionFor(name);
      for (const object of objects) map.set(objectKey(object.metadata.namespace, object.metadata.name!), object);
    }
    this.revision = snapshot.revision;
  }

  private collectionFor(collection: string): Map<string, KubeObject> {
    let objects = this.collections.get(collection);
    if (!objects) {
      objects = new Map();
      this.collections.set(collection, objects);
    }
    return objects;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    // Trimmed in batches so a full history does not shift the whole array on every write.
    const slack = Math.max(1, Math.floor(this.options.historySize / 10));
    if (this.history.length > this.options.historySize + slack) {
      this.history.splice(0, this.history.length - this.options.historySize);
    }
    for (const listener of this.listeners.get(event.collection) ?? []) listener(event);
    for (const listener of this.anyListeners) listener(event);
  }
}
