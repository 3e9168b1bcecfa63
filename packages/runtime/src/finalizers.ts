import { type KubeClient, PatchType } from './kube-client.js';
import type { KubeObject, ResourceType } from './resource.js';

/**
 * Adds `finalizer` unless present. The merge patch carries the resourceVersion it was computed
 * from, so a concurrent change makes it fail with a conflict instead of dropping someone's finalizer.
 */
export async function addFinalizer<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  finalizer: string,
): Promise<T> {
  const finalizers = object.metadata.finalizers ?? [];
  if (finalizers.includes(finalizer)) return object;
  return patchFinalizers(client, type, object, [...finalizers, finalizer]);
}

export async function removeFinalizer<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  finalizer: string,
): Promise<T> {
  const finalizers = object.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return object;
  return patchFinalizers(
    client,
    type,
    object,
    finalizers.filter((f) => f !== finalizer),
  );
}

function patchFinalizers<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  finalizers: string[],
): Promise<T> {
  const patch = { metadata: { resourceVersion: object.metadata.resourceVersion, finalizers } };
  return client.patch<T>(type, object.metadata, patch, { patchType: PatchType.Merge });
}
