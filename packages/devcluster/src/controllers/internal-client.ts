import type { ClusterContext, Target } from '../context.js';
import { StatusError } from '../errors.js';
import { collectionOf } from '../registry.js';
import type { KubeObject, ResourceType } from '../types.js';
import { deleteObject, type PropagationPolicy } from '../verbs/delete.js';
import { createObject, updateObject } from '../verbs/write.js';

/** How the built-in controllers write: through the same verbs as any client, as their own field manager. */
export class InternalClient {
  constructor(
    private readonly ctx: ClusterContext,
    private readonly fieldManager: string,
  ) {}

  private target(
    type: ResourceType,
    object: { metadata: { namespace?: string; name?: string } },
    subresource?: string,
  ): Target {
    return { type, namespace: object.metadata.namespace, name: object.metadata.name, subresource };
  }

  private options() {
    return { dryRun: false, fieldManager: this.fieldManager, fieldValidation: 'Ignore' as const };
  }

  /** Writes `object` whole; a conflict or a vanished object is skipped, as a controller would retry. */
  update(type: ResourceType, object: KubeObject, subresource?: string): KubeObject | undefined {
    return this.ignoringRaces(
      () => updateObject(this.ctx, this.target(type, object, subresource), object, this.options()).object,
    );
  }

  create(type: ResourceType, object: KubeObject): KubeObject | undefined {
    return this.ignoringRaces(() => createObject(this.ctx, this.target(type, object), object, this.options()).object);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, propagationPolicy?: PropagationPolicy): void {
    this.ignoringRaces(() => deleteObject(this.ctx, { type, namespace, name }, { dryRun: false, propagationPolicy }));
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.ctx.store.get(collectionOf(type), type.namespaced ? namespace : undefined, name);
  }

  private ignoringRaces<T>(write: () => T): T | undefined {
    try {
      return write();
    } catch (error) {
      if (error instanceof StatusError && [404, 409, 403].includes(error.code)) return undefined;
      throw error;
    }
  }
}
