import type { KubeObject, ManagedFieldsEntry } from '../types.js';

/** `object` (copied down to its metadata) with these managed fields, or none when empty. */
export function withManagedFields(object: KubeObject, managedFields: ManagedFieldsEntry[]): KubeObject {
  const metadata = { ...object.metadata };
  if (managedFields.length > 0) metadata.managedFields = managedFields;
  else delete metadata.managedFields;
  return { ...object, metadata };
}
