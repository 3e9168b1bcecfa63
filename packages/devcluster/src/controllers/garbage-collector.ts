import type { ClusterContext } from '../context.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject, ResourceType } from '../types.js';
import { foregroundFinalizer, orphanFinalizer } from '../verbs/delete.js';
import type { InternalClient } from './internal-client.js';

interface ObjectRef {
  collection: string;
  namespace?: string;
  name: string;
}

/**
 * Background garbage collection through ownerReferences, plus the `orphan` and
 * `foregroundDeletion` finalizers, as kube-controller-manager's garbage collector does.
 */
export class GarbageCollector {
  private readonly byUid = new Map<string, ObjectRef>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly queue = new Set<string>();
  private scheduled = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: ClusterContext,
    private readonly client: InternalClient,
  ) {
    for (const collection of ctx.store.collectionNames()) {
      for (const object of ctx.store.list(collection)) this.index(collection, object);
    }
    this.unsubscribe = ctx.store.subscribeAll((event) => this.observe(event));
  }

  stop(): void {
    this.unsubscribe();
  }

  private index(collection: string, object: KubeObject): void {
    const ref = { collection, namespace: object.metadata.namespace, name: object.metadata.name! };
    this.byUid.set(object.metadata.uid!, ref);
    for (const owner of object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(owner.uid, set);
      }
      set.add(object.metadata.uid!);
    }
  }

  private observe(event: StoreEvent): void {
    const { object } = event;
    const uid = object.metadata.uid!;
    if (event.type === 'DELETED') {
      this.byUid.delete(uid);
      for (const dependent of this.dependents.get(uid) ?? []) this.enqueue(dependent);
      this.dependents.delete(uid);
      for (const owner of object.metadata.ownerReferences ?? []) this.enqueue(owner.uid);
      return;
    }
    this.index(event.collection, object);
    const finalizers = object.metadata.finalizers ?? [];
    if (
      object.metadata.deletionTimestamp &&
      (finalizers.includes(foregroundFinalizer) || finalizers.includes(orphanFinalizer))
    ) {
      this.enqueue(uid);
    }
    if (object.metadata.ownerReferences?.length) this.enqueue(uid);
  }

  private enqueue(uid: string): void {
    this.queue.add(uid);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const uids = [...this.queue];
    this.queue.clear();
    for (const uid of uids) this.process(uid);
  }

  private lookup(uid: string): { type: ResourceType; object: KubeObject } | undefined {
    const ref = this.byUid.get(uid);
    if (!ref) return undefined;
    const object = this.ctx.store.get(ref.collection, ref.namespace, ref.name);
    const [group, plural] = ref.collection.split('/');
    const type = this.ctx.registry
      .all()
      .find((t) => t.group === group && t.plural === plural && t.version === t.storageVersion);
    return object && type ? { type, object } : undefined;
  }

  private liveDependents(uid: string) {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.lookup(d)).filter((d) => d !== undefined);
  }

  private process(uid: string): void {
    const found = this.lookup(uid);
    if (!found) return;
    const { type, object } = found;
    const finalizers = object.metadata.finalizers ?? [];
    if (object.metadata.deletionTimestamp && finalizers.includes(orphanFinalizer)) {
      for (const dependent of this.liveDependents(uid)) {
        const ownerReferences = dependent.object.metadata.ownerReferences?.filter((o) => o.uid !== uid);
        this.client.update(dependent.type, {
          ...dependent.object,
          metadata: { ...dependent.object.metadata, ownerReferences },
        });
      }
      this.removeFinalizer(type, object, orphanFinalizer);
      return;
    }
    if (object.metadata.deletionTimestamp && finalizers.includes(foregroundFinalizer)) {
      const remaining = this.liveDependents(uid);
      for (const dependent of remaining) {
        if (!dependent.object.metadata.deletionTimestamp) {
          this.client.delete(
            dependent.type,
            dependent.object.metadata.namespace,
            dependent.object.metadata.name!,
            'Foreground',
          );
        }
      }
      if (remaining.length === 0) this.removeFinalizer(type, object, foregroundFinalizer);
      return;
    }
    const owners = object.metadata.ownerReferences ?? [];
    if (owners.length === 0 || object.metadata.deletionTimestamp) return;
    const ownerAlive = owners.some((owner) => {
      const ownerObject = this.lookup(owner.uid);
      return ownerObject && !this.isBeingDeletedInForeground(ownerObject.object);
    });
    const ownerDeletingInForeground = owners.some((owner) => {
      const ownerObject = this.lookup(owner.uid);
      return ownerObject && this.isBeingDeletedInForeground(ownerObject.object);
    });
    if (
      ownerDeletingInForeground &&
      !owners.some((o) => this.lookup(o.uid) && !this.isBeingDeletedInForeground(this.lookup(o.uid)!.object))
    ) {
      this.client.delete(type, object.metadata.namespace, object.metadata.name!, 'Foreground');
      return;
    }
    if (!ownerAlive) this.client.delete(type, object.metadata.namespace, object.metadata.name!, 'Background');
  }

  private isBeingDeletedInForeground(object: KubeObject): boolean {
    return !!object.metadata.deletionTimestamp && (object.metadata.finalizers ?? []).includes(foregroundFinalizer);
  }

  private removeFinalizer(type: ResourceType, object: KubeObject, finalizer: string): void {
    const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.client.update(type, { ...object, metadata: { ...object.metadata, finalizers } });
  }
}
