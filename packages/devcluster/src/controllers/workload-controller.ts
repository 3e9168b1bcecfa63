import type { ClusterContext } from '../context.js';
import { collectionOf } from '../registry.js';
import { simulatedChildKinds, simulateWorkload } from '../simulator/simulate-workload.js';
import type { KubeObject, ResourceType } from '../types.js';
import type { InternalClient } from './internal-client.js';

const workloads = [
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  '/pods',
];

/** Runs the workload simulator shortly after each change to a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or bare Pod. */
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

  private childType(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.ctx.registry.byGroupVersionKind(group, version, kind);
  }

  private reconcile(collection: string, namespace: string, name: string): void {
    const type = this.typeOf(collection);
    const object = this.ctx.store.get(collection, namespace, name);
    if (!object || object.metadata.deletionTimestamp) return;
    const childTypes = simulatedChildKinds(object.apiVersion, object.kind)
      .map((k) => this.childType(k.apiVersion, k.kind))
      .filter((t) => t !== undefined);
    const children = childTypes.flatMap((childType) =>
      this.ctx.store
        .list(collectionOf(childType), namespace)
        .filter((child) => child.metadata.ownerReferences?.some((o) => o.controller && o.uid === object.metadata.uid)),
    );
    const plan = simulateWorkload(object, children, this.ctx.now());
    if (!plan) return;
    for (const child of plan.upsertChildren) this.upsertChild(child);
    for (const ref of plan.deleteChildren) {
      const childType = this.childType(ref.apiVersion, ref.kind);
      if (childType) this.client.delete(childType, ref.namespace, ref.name);
    }
    if (plan.status && JSON.stringify(plan.status) !== JSON.stringify(object.status)) {
      this.client.update(type, { ...object, status: plan.status }, 'status');
    }
  }

  private upsertChild(child: KubeObject): void {
    const childType = this.childType(child.apiVersion, child.kind);
    if (!childType) return;
    const existing = this.client.get(childType, child.metadata.namespace, child.metadata.name!);
    const written = existing
      ? this.client.update(childType, {
          ...child,
          metadata: { ...child.metadata, resourceVersion: existing.metadata.resourceVersion },
        })
      : this.client.create(childType, child);
    const current = written ?? existing;
    if (
      current &&
      childType.subresources.status &&
      child.status &&
      JSON.stringify(child.status) !== JSON.stringify(current.status)
    ) {
      this.client.update(childType, { ...current, status: child.status }, 'status');
    }
  }
}
