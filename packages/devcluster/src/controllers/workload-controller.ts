import type { ClusterContext } from '../context.js';
import { collectionOf } from '../registry.js';
import { simulateWorkload } from '../simulator/index.js';
import type { KubeObject, ResourceType } from '../types.js';
import type { InternalClient } from './internal-client.js';

const workloads = ['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs'];

/** Runs the workload simulator shortly after each change to a Deployment, StatefulSet, DaemonSet, ReplicaSet or Job. */
export class WorkloadController {
  private readonly unsubscribes: (() => void)[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: ClusterContext,
    private readonly client: InternalClient,
    private readonly delayMs: number,
  ) {
    for (const collection of workloads) {
      for (const object of ctx.store.list(collection)) this.schedule(collection, object);
      this.unsubscribes.push(
        ctx.store.subscribe(collection, (event) => {
          if (event.type !== 'DELETED') this.schedule(collection, event.object);
        }),
      );
    }
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private typeOf(collection: string): ResourceType {
    const [group, plural] = collection.split('/');
    return this.ctx.registry.byResource(group, 'v1', plural)!;
  }

  private schedule(collection: string, object: KubeObject): void {
    const key = `${collection}|${object.metadata.namespace}|${object.metadata.name}`;
    if (this.pending.has(key)) return;
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.reconcile(collection, object.metadata.namespace!, object.metadata.name!);
    }, this.delayMs);
    timer.unref();
    this.pending.set(key, timer);
  }

  private reconcile(collection: string, namespace: string, name: string): void {
    const type = this.typeOf(collection);
    const object = this.ctx.store.get(collection, namespace, name);
    if (!object || object.metadata.deletionTimestamp) return;
    const replicaSets = this.typeOf('apps/replicasets');
    const children =
      collection === 'apps/deployments'
        ? this.ctx.store
            .list(collectionOf(replicaSets), namespace)
            .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === object.metadata.uid))
        : [];
    const plan = simulateWorkload(object, children, this.ctx.now());
    for (const child of plan.upsertChildren) {
      const existing = this.client.get(replicaSets, child.metadata.namespace, child.metadata.name!);
      if (!existing) {
        const created = this.client.create(replicaSets, child);
        if (created && child.status) this.client.update(replicaSets, { ...created, status: child.status }, 'status');
        continue;
      }
      const updated = this.client.update(replicaSets, { ...child, metadata: { ...child.metadata, resourceVersion: existing.metadata.resourceVersion } });
      const current = updated ?? existing;
      if (child.status && JSON.stringify(child.status) !== JSON.stringify(current.status)) {
        this.client.update(replicaSets, { ...current, status: child.status }, 'status');
      }
    }
    for (const child of plan.deleteChildren) this.client.delete(replicaSets, child.namespace, child.name);
    if (plan.status && JSON.stringify(plan.status) !== JSON.stringify(object.status)) {
      this.client.update(type, { ...object, status: plan.status }, 'status');
    }
  }
}
