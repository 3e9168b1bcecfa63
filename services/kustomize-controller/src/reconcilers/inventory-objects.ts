import { parseObjectId, type Unstructured } from '@driftless/apply';

/** The stub of an inventory entry that the resource manager can delete or read: apiVersion, kind, name. */
export function inventoryObject(entry: { id: string; v: string }): Unstructured {
  const ref = parseObjectId(entry.id);
  return {
    apiVersion: ref.group ? `${ref.group}/${entry.v}` : entry.v,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  };
}
