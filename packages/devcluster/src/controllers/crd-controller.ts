import type { ClusterContext } from '../context.js';
import { timestamp } from '../context.js';
import { establishCrd } from '../crd/establish.js';
import { resourceTypesFromCrd } from '../crd/resource-types.js';
import { collectionOf } from '../registry.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { InternalClient } from './internal-client.js';

export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';
const crdCollection = 'apiextensions.k8s.io/customresourcedefinitions';

/**
 * Serves a CRD's kinds as soon as it is stored (discovery and OpenAPI follow the registry),
 * marks it Established, and on deletion removes every custom resource before letting it go.
 */
export class CrdController {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: ClusterContext,
    private readonly client: InternalClient,
  ) {
    for (const crd of ctx.store.list(crdCollection)) this.serve(crd);
    this.unsubscribe = ctx.store.subscribe(crdCollection, (event) => this.observe(event));
  }

  stop(): void {
    this.unsubscribe();
  }

  private crdType() {
    return this.ctx.registry.byResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  }

  private observe(event: StoreEvent): void {
    const crd = event.object;
    if (event.type === 'DELETED') {
      this.ctx.registry.setCrdResources(crd.metadata.name!, []);
      return;
    }
    this.serve(crd);
    if (crd.metadata.deletionTimestamp) {
      setImmediate(() => this.cleanUp(crd.metadata.name!));
      return;
    }
    if (!(crd.metadata.finalizers ?? []).includes(crdCleanupFinalizer)) {
      setImmediate(() => this.addFinalizer(crd.metadata.name!));
      return;
    }
    const conditions = (crd.status as { conditions?: { type: string; status: string }[] })?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'Established' && c.status === 'True')) {
      setImmediate(() => this.establish(crd.metadata.name!));
    }
  }

  private serve(crd: KubeObject): void {
    this.ctx.registry.setCrdResources(crd.metadata.name!, resourceTypesFromCrd(crd));
  }

  private current(name: string): KubeObject | undefined {
    return this.ctx.store.get(crdCollection, undefined, name);
  }

  private addFinalizer(name: string): void {
    const crd = this.current(name);
    if (!crd || crd.metadata.deletionTimestamp) return;
    const finalizers = [...(crd.metadata.finalizers ?? []), crdCleanupFinalizer];
    this.client.update(this.crdType(), { ...crd, metadata: { ...crd.metadata, finalizers } });
  }

  private establish(name: string): void {
    const crd = this.current(name);
    if (!crd) return;
    this.client.update(this.crdType(), establishCrd(crd, timestamp(this.ctx.now())), 'status');
  }

  private cleanUp(name: string): void {
    const crd = this.current(name);
    if (!crd?.metadata.deletionTimestamp) return;
    const types = resourceTypesFromCrd(crd);
    const storage = types.find((t) => t.version === t.storageVersion) ?? types[0];
    if (storage) {
      const remaining = this.ctx.store.list(collectionOf(storage));
      for (const object of remaining) {
        if (!object.metadata.deletionTimestamp)
          this.client.delete(storage, object.metadata.namespace, object.metadata.name!);
      }
      if (remaining.length > 0) {
        setTimeout(() => this.cleanUp(name), 100).unref();
        return;
      }
    }
    const finalizers = (crd.metadata.finalizers ?? []).filter((f) => f !== crdCleanupFinalizer);
    this.client.update(this.crdType(), { ...crd, metadata: { ...crd.metadata, finalizers } });
  }
}
