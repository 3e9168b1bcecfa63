import type { AppliedRecords } from './applied-records.js';
import { objectIdOf, type Unstructured } from './objects.js';

export interface AppliedObjectChange {
  type: 'added' | 'modified' | 'deleted';
  object: Unstructured;
  previous?: Unstructured;
}

/** The object without what changes on its own: status, resourceVersion, managedFields. */
function content(object: Unstructured): string {
  const { status: _status, metadata, ...rest } = object;
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = metadata;
  return JSON.stringify({ ...rest, metadata: meta });
}

/** The labels that name the owner of an applied object (Flux's `<controller>/name` and `/namespace`). */
export interface OwnerLabels {
  name: string;
  namespace: string;
}

/**
 * Decides whether a watched change of an applied object is drift: an object an owner applied
 * (by its owner labels and its record) whose content moved away from what was applied, or that was
 * deleted. Status-only changes move the record forward instead. Returns the owner's
 * `<namespace>/<name>` to reconcile, or undefined.
 */
export function driftedOwner(
  records: AppliedRecords,
  change: AppliedObjectChange,
  ownerLabels: OwnerLabels,
): string | undefined {
  const labels = change.object.metadata.labels ?? {};
  const name = labels[ownerLabels.name];
  const namespace = labels[ownerLabels.namespace];
  if (!name || !namespace) return undefined;
  const key = `${namespace}/${name}`;
  const id = objectIdOf(change.object);
  const recorded = records.get(key)?.versions.get(id);
  if (recorded === undefined) return undefined;
  const resourceVersion = change.object.metadata.resourceVersion ?? '';
  if (change.type !== 'deleted') {
    if (resourceVersion === recorded) return undefined;
    // Only a status change of the very version recorded moves the record: after an unhandled drift,
    // a status update must not hide it.
    const previous = change.previous;
    if (previous && previous.metadata.resourceVersion === recorded && content(change.object) === content(previous)) {
      records.advance(key, id, resourceVersion);
      return undefined;
    }
  }
  return key;
}
