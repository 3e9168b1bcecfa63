import type { ClusterContext } from '../context.js';
import { collectionOf } from '../registry.js';
import type { KubeObject } from '../types.js';
import type { InternalClient } from './internal-client.js';

const namespaceFinalizer = 'kubernetes';

/**
 * Empties a terminating namespace: deletes every namespaced object in it, waits for their
 * finalizers, then drops the `kubernetes` finalizer so the namespace itself goes.
 */
export class NamespaceController {
  private readonly unsubscribe: () => void;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly ctx: ClusterContext,
    private readonly client: InternalClient,
    private readonly retryMs = 100,
  ) {
    this.unsubscribe = ctx.store.subscribe('/namespaces', (event) => {
      if (event.type !== 'DELETED' && event.object.metadata.deletionTimestamp)
        this.schedule(event.object.metadata.name!, 0);
    });
    for (const namespace of ctx.store.list('/namespaces')) {
      if (namespace.metadata.deletionTimestamp) this.schedule(namespace.metadata.name!, 0);
    }
  }

  stop(): void {
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
  }

  private schedule(name: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.finish(name);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private finish(name: string): void {
    const namespaceType = this.ctx.registry.byResource('', 'v1', 'namespaces')!;
    const namespace = this.ctx.store.get('/namespaces', undefined, name);
    if (!namespace?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const type of this.ctx.registry.all()) {
      if (!type.namespaced || type.version !== type.storageVersion) continue;
      for (const object of this.ctx.store.list(collectionOf(type), name)) {
        remaining++;
        if (!object.metadata.deletionTimestamp) this.client.delete(type, name, object.metadata.name!, 'Background');
      }
    }
    if (remaining > 0) {
      this.schedule(name, this.retryMs);
      return;
    }
    const spec = (namespace.spec ?? {}) as { finalizers?: string[] };
    const finalized: KubeObject = {
      ...namespace,
      spec: { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== namespaceFinalizer) },
    };
    if (finalized.metadata.finalizers?.length) {
      this.client.update(namespaceType, finalized);
      return;
    }
    this.ctx.store.remove('/namespaces', undefined, name);
  }
}
