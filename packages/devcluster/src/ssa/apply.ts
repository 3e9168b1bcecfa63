import type { FieldsV1, KubeObject, SchemaNode } from '../types.js';
import { compareObjects } from './compare.js';
import { ApplyConflictError } from './errors.js';
import { difference, intersection, isEmptySet, memberPaths, union } from './field-set.js';
import { allowedByLastApplied, lastAppliedManager, syncLastApplied } from './last-applied.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  identityOf,
  type Manager,
  withoutUntracked,
  withSet,
} from './managers.js';
import { mergeObjects } from './merge.js';
import { withManagedFields } from './object-meta.js';
import { pruneObject } from './prune.js';
import { rootShapeOf, type Shape } from './schema-shape.js';
import { valueFieldSet } from './to-field-set.js';

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  now: string;
  subresource?: string;
}

interface Conflict {
  owner: Manager;
  set: FieldsV1;
}

/**
 * Server-side apply (structured-merge-diff's Updater.Apply behind the API server's field manager):
 * merges `applied` into `live`, removes what the manager applied before and no one owns any more,
 * and records the configuration's fields as the manager's `Apply` entry. Throws
 * `ApplyConflictError` when the apply would change fields other managers own, unless `force`.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  schema: SchemaNode,
  options: ApplyOptions,
): KubeObject {
  const shape = rootShapeOf(schema);
  const merged = mergeObjects(live, applied, shape) as KubeObject;
  const config = valueFieldSet(applied, shape);
  const applier: Manager = {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: options.apiVersion,
    subresource: options.subresource,
    set: config,
  };
  const managers = (live && decodeManagedFields(live.metadata?.managedFields)) ?? [];
  const identity = identityOf(applier);
  const previous = managers.find((m) => identityOf(m) === identity);
  const others = managers.filter((m) => m !== previous);
  if (previous && !isEmptySet(previous.set)) {
    const owned = others.reduce((all, m) => union(all, m.set), config);
    pruneObject(merged, previous.set, owned, shape);
  }

  const diff = compareObjects(live ?? {}, merged, shape);
  const changed = union(diff.modified, diff.added);
  const conflicts = others
    .map((owner) => ({ owner, set: intersection(owner.set, changed) }))
    .filter((conflict) => !isEmptySet(conflict.set));
  if (conflicts.length > 0 && !options.force) throwRemainingConflicts(conflicts, live!, options.manager, shape);

  const objectChanged = !isEmptySet(changed) || !isEmptySet(diff.removed);
  const entries = [
    withSet(applier, withoutUntracked(config), {
      time: objectChanged || !previous?.time ? options.now : previous.time,
    }),
    ...others.map((m) => withSet(m, difference(difference(m.set, changed), diff.removed))),
  ];
  const result = withManagedFields(merged, encodeManagedFields(entries));
  if (options.manager === lastAppliedManager) syncLastApplied(result, applied);
  return result;
}

/** Throws the conflicts, less those kubectl may take over from its client-side apply. */
function throwRemainingConflicts(conflicts: Conflict[], live: KubeObject, manager: string, shape: Shape): void {
  const allowed = manager === lastAppliedManager ? allowedByLastApplied(live, shape) : undefined;
  const remaining = allowed
    ? conflicts
        .map((conflict) => ({ ...conflict, set: difference(conflict.set, allowed) }))
        .filter((conflict) => !isEmptySet(conflict.set))
    : conflicts;
  if (remaining.length === 0) return;
  throw new ApplyConflictError(remaining.map(({ owner, set }) => ({ ...owner, paths: memberPaths(set) })));
}
