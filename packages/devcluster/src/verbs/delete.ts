import type { ClusterContext, Target } from '../context.js';
import { timestamp } from '../context.js';
import { toServedVersion } from '../convert.js';
import { badRequest, qualifiedResource, StatusError } from '../errors.js';
import { collectionOf } from '../registry.js';
import type { KubeObject } from '../types.js';
import { type ListOptions, listObjects } from './read.js';
import { liveObject } from './write.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  dryRun: boolean;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

export interface DeleteResult {
  object: KubeObject;
  /** False when finalizers keep the object until they are removed. */
  removed: boolean;
}

/** Parses a DeleteOptions body (JSON) merged with the query's propagationPolicy. */
export function parseDeleteOptions(
  body: unknown,
  query: Record<string, string | undefined>,
  dryRun: boolean,
): DeleteOptions {
  const options = (body && typeof body === 'object' ? body : {}) as Record<string, any>;
  const policy = (query.propagationPolicy ?? options.propagationPolicy) as string | undefined;
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const orphan = options.orphanDependents === true ? 'Orphan' : undefined;
  return {
    dryRun: dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All')),
    propagationPolicy: (policy ?? orphan) as PropagationPolicy | undefined,
    preconditions: options.preconditions,
  };
}

/**
 * Deletes an object: at once when nothing holds it, else marks it with a deletionTimestamp
 * and lets its finalizers (and the garbage collector for Foreground) finish the work.
 */
export function deleteObject(ctx: ClusterContext, target: Target, options: DeleteOptions): DeleteResult {
  const { type } = target;
  const live = liveObject(ctx, target);
  const conflictOn = (what: string, expected: string, actual: string | undefined) =>
    new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type.group, type.plural)} "${target.name}": Precondition failed: ${what}: ${expected}, ${what} in object meta: ${actual}`,
    );
  if (options.preconditions?.uid && options.preconditions.uid !== live.metadata.uid) {
    throw conflictOn('UID in precondition', options.preconditions.uid, live.metadata.uid);
  }
  if (
    options.preconditions?.resourceVersion &&
    options.preconditions.resourceVersion !== live.metadata.resourceVersion
  ) {
    throw conflictOn(
      'ResourceVersion in precondition',
      options.preconditions.resourceVersion,
      live.metadata.resourceVersion,
    );
  }
  const finalizers = [...(live.metadata.finalizers ?? [])];
  if (options.propagationPolicy === 'Foreground' && !finalizers.includes(foregroundFinalizer))
    finalizers.push(foregroundFinalizer);
  if (options.propagationPolicy === 'Orphan' && !finalizers.includes(orphanFinalizer)) finalizers.push(orphanFinalizer);
  const isNamespace = type.kind === 'Namespace' && !type.group;
  const namespaceFinalizers = isNamespace ? ((live.spec as { finalizers?: string[] })?.finalizers ?? []) : [];
  if (finalizers.length === 0 && namespaceFinalizers.length === 0) {
    if (options.dryRun) return { object: toServedVersion(live, type), removed: true };
    const removed = ctx.store.remove(collectionOf(type), live.metadata.namespace, live.metadata.name!);
    return { object: toServedVersion(removed ?? live, type), removed: true };
  }
  if (live.metadata.deletionTimestamp && finalizers.length === (live.metadata.finalizers ?? []).length) {
    return { object: toServedVersion(live, type), removed: false };
  }
  const marked: KubeObject = {
    ...live,
    metadata: {
      ...live.metadata,
      finalizers: finalizers.length ? finalizers : undefined,
      deletionTimestamp: live.metadata.deletionTimestamp ?? timestamp(ctx.now()),
      deletionGracePeriodSeconds: 0,
    },
  };
  if (!marked.metadata.finalizers) delete marked.metadata.finalizers;
  if (isNamespace) marked.status = { ...(live.status as object), phase: 'Terminating' };
  if (options.dryRun) return { object: toServedVersion(marked, type), removed: false };
  return { object: toServedVersion(ctx.store.put(collectionOf(type), marked), type), removed: false };
}

export function deleteCollection(ctx: ClusterContext, target: Target, list: ListOptions, options: DeleteOptions) {
  const { items } = listObjects(ctx, target, { ...list, limit: undefined, continueToken: undefined });
  const deleted = items.map(
    (item) =>
      deleteObject(ctx, { ...target, name: item.metadata.name, namespace: item.metadata.namespace }, options).object,
  );
  return {
    apiVersion: items[0]?.apiVersion,
    kind: target.type.listKind,
    metadata: { resourceVersion: String(ctx.store.currentRevision) },
    items: deleted,
  };
}
