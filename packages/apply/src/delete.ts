import { FluxAnnotation, PruneDisabled } from '@driftless/api';
import { NotFoundError } from '@driftless/runtime';
import { applyErrorFrom, UnknownKindError } from './apply-errors.js';
import { Action, type ChangeSet, type ChangeSetEntry } from './change-set.js';
import { settleWithLimit } from './concurrency.js';
import { type ObjectTarget, readLive, resolveTarget, targetRef } from './live-object.js';
import { subjectOf } from './objects.js';
import type { ManagerContext } from './resource-manager.js';

export interface DeleteOptions {
  propagationPolicy: 'Background' | 'Foreground' | 'Orphan';
  /**
   * The owner labels (e.g. `kustomize.toolkit.fluxcd.io/name` and `/namespace`): an object whose
   * live labels name another owner was taken over by someone else and is kept.
   */
  inventoryOwner?: Record<string, string>;
}

export function defaultDeleteOptions(): DeleteOptions {
  return { propagationPolicy: 'Background' };
}

/** Kinds whose deletion takes everything of theirs along: deleted after the rest. */
const deletedLast = new Set(['CustomResourceDefinition', 'Namespace']);

/** Deletes one object; an object already gone (or whose kind is no longer served) counts as deleted. */
export async function deleteObject(
  ctx: ManagerContext,
  target: ObjectTarget,
  options: DeleteOptions,
): Promise<ChangeSetEntry> {
  const { ref, apiVersion } = targetRef(target);
  const gone: ChangeSetEntry = { ref, subject: subjectOf(ref), version: apiVersion, action: Action.Deleted };
  let resolved: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    resolved = await resolveTarget(ctx, target);
  } catch (error) {
    if (error instanceof UnknownKindError) return gone;
    throw error;
  }
  const entry = { ...gone, ref: resolved.ref, subject: resolved.subject };
  const live = await readLive(ctx, resolved);
  if (!live) return entry;
  if (
    live.metadata.annotations?.[FluxAnnotation.Prune] === PruneDisabled ||
    ownedByOther(live.metadata.labels, options)
  ) {
    return { ...entry, action: Action.Skipped };
  }
  try {
    await ctx.client.delete(
      resolved.type,
      { namespace: resolved.ref.namespace || undefined, name: resolved.ref.name },
      {
        propagationPolicy: options.propagationPolicy,
      },
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw applyErrorFrom(resolved.subject, 'delete', error);
  }
  return entry;
}

/**
 * Deletes every target, `concurrency` at a time, Namespaces and CRDs last. Every target of a batch
 * is tried, then the first failure is thrown; Namespaces and CRDs wait until the rest went well.
 */
export async function deleteAllObjects(
  ctx: ManagerContext,
  targets: readonly ObjectTarget[],
  options: DeleteOptions,
): Promise<ChangeSet> {
  const isLast = (target: ObjectTarget) => deletedLast.has(targetRef(target).ref.kind);
  const entries: ChangeSetEntry[] = [];
  for (const batch of [targets.filter((t) => !isLast(t)), targets.filter(isLast)]) {
    const results = await settleWithLimit(batch, ctx.options.concurrency, (t) => deleteObject(ctx, t, options));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    for (const result of results) entries.push((result as PromiseFulfilledResult<ChangeSetEntry>).value);
  }
  return { entries };
}

function ownedByOther(labels: Record<string, string> | undefined, options: DeleteOptions): boolean {
  if (!options.inventoryOwner) return false;
  return Object.entries(options.inventoryOwner).some(([key, value]) => {
    const live = labels?.[key];
    return live !== undefined && live !== value;
  });
}
