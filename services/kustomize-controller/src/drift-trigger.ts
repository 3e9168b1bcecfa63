import { FluxLabel } from '@driftless/api';
import { objectIdOf, type Unstructured } from '@driftless/apply';
import type { AppliedRecords } from './applied-records.js';

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

/**
 * Decides whether a watched change of an applied object is drift: an object a Kustomization applied
 * (by its owner labels and its record) whose content moved away from what was applied, or that was
 * deleted. Status-only changes move the record forward instead. Returns the Kustomization key to
 * reconcile, or undefined.
 */
export function driftedOwner(records: AppliedRecords, change: AppliedObjectChange): string | undefined {
  const labels = change.object.metadata.labels ?? {};
  const name = labels[FluxLabel.KustomizeName];
  const namespace = labels[FluxLabel.KustomizeNamespace];
  if (!name || !namespace) return undefined;
  const key = `${namespace}/${name}`;
  const id = objectIdOf(change.object);
  const recorded = records.get(key)?.versions.get(id);
  if (recorded === undefined) return undefined;
  const resourceVersion = change.object.metadata.resourceVersion ?? '';
  if (change.type !== 'deleted') {
    if (resourceVersion === recorded) return undefined;
    if (change.previous && content(change.object) === content(change.previous)) {
      records.advance(key, id, resourceVersion);
      return undefined;
    }
  }
  return key;
}
