import { crdName, kindDefinitions } from '@driftless/api';
import { type KubeClient, NotFoundError, PatchType } from '@driftless/runtime';
import { crdType, fluxResourceType } from '../../context/resource-types.js';

/**
 * Deletes the Flux CRDs, and with them every object of their kinds. The finalizers are taken off those
 * objects first: with the controllers gone nobody would remove them, and the deletion would never finish.
 * Returns the names of the CRDs deleted.
 */
export async function removeCrds(client: KubeClient): Promise<string[]> {
  const deleted: string[] = [];
  for (const definition of kindDefinitions) {
    const type = fluxResourceType(definition.kind);
    const objects = await ignoreNotFound(client.list(type));
    for (const object of objects?.items ?? []) {
      if (!object.metadata.finalizers?.length) continue;
      const target = { namespace: object.metadata.namespace, name: object.metadata.name };
      await ignoreNotFound(
        client.patch(type, target, { metadata: { finalizers: null } }, { patchType: PatchType.Merge }),
      );
    }
    const name = crdName(definition);
    if ((await ignoreNotFound(client.delete(crdType, { name }))) !== undefined) deleted.push(name);
  }
  return deleted;
}

async function ignoreNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
