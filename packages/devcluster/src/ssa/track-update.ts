import type { KubeObject, SchemaNode } from '../types.js';
import { compareObjects } from './compare.js';
import { difference, isEmptySet, union } from './field-set.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  identityOf,
  isResetRequest,
  type Manager,
  withoutUntracked,
  withSet,
} from './managers.js';
import { withManagedFields } from './object-meta.js';
import { rootShapeOf } from './schema-shape.js';

export interface TrackUpdateOptions {
  manager: string;
  apiVersion: string;
  now: string;
  subresource?: string;
}

/**
 * Managed fields after a create, update or patch (the API server's field manager Update): what the
 * write added or changed moves to `manager`'s `Update` entry for this version and subresource, and
 * what it removed leaves every entry. Returns `newObj` (copied down to its metadata) with the result.
 */
export function trackUpdate(
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  schema: SchemaNode,
  options: TrackUpdateOptions,
): KubeObject {
  const diff = compareObjects(oldObj ?? {}, newObj, rootShapeOf(schema));
  const changed = union(diff.modified, diff.added);
  const managers = startingManagers(oldObj, newObj, options.subresource).map((m) =>
    withSet(m, difference(difference(m.set, changed), diff.removed)),
  );
  const owned = withoutUntracked(changed);
  if (!isEmptySet(owned)) {
    const updater: Manager = {
      manager: options.manager,
      operation: 'Update',
      apiVersion: options.apiVersion,
      subresource: options.subresource,
      set: owned,
    };
    const identity = identityOf(updater);
    const at = managers.findIndex((m) => identityOf(m) === identity);
    if (at < 0) managers.push({ ...updater, time: options.now });
    else managers[at] = withSet(managers[at], union(managers[at].set, owned), { time: options.now });
  }
  return withManagedFields(newObj, encodeManagedFields(managers));
}

/**
 * The entries the write starts from: the client's own when it sent different ones (`[]` or `[{}]`
 * clears them), the stored ones otherwise. Subresource writes cannot touch them.
 */
function startingManagers(oldObj: KubeObject | undefined, newObj: KubeObject, subresource?: string): Manager[] {
  const stored = oldObj?.metadata?.managedFields;
  const fromStored = () => decodeManagedFields(stored) ?? [];
  const sent = newObj.metadata?.managedFields;
  if (subresource || sent === undefined || sent === stored) return fromStored();
  if (isResetRequest(sent)) return [];
  return decodeManagedFields(sent) ?? fromStored();
}
