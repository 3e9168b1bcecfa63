import { FluxAnnotation, SsaPolicy } from '@driftless/api';
import { NotFoundError, PatchType } from '@driftless/runtime';
import { ApplyError, applyErrorFrom, isImmutableError } from './apply-errors.js';
import { Action, type ChangeSet, type ChangeSetEntry } from './change-set.js';
import { mapWithLimit, settleWithLimit } from './concurrency.js';
import { type Comparison, compareWithCluster } from './diff.js';
import { type ResolvedTarget, readLive, resolveTarget } from './live-object.js';
import type { Unstructured } from './objects.js';
import type { ManagerContext } from './resource-manager.js';
import { stageObjects } from './staging.js';

export interface ApplyOptions {
  /** Recreate objects whose immutable fields changed (also per object with `kustomize.toolkit.fluxcd.io/force: Enabled`). */
  force: boolean;
  /** How long `applyAllStaged` waits for applied CRDs to report `Established`. */
  waitForEstablishedMs: number;
  /** How long a forced recreate waits for the old object to be gone. */
  waitForDeletionMs: number;
}

export function defaultApplyOptions(): ApplyOptions {
  return { force: false, waitForEstablishedMs: 30_000, waitForDeletionMs: 30_000 };
}

/** What to do with one object, decided before anything is written. */
type ApplyPlan =
  | { kind: 'skip'; target: ResolvedTarget }
  | { kind: 'recreate'; target: ResolvedTarget; object: Unstructured; live: Unstructured }
  | { kind: 'apply'; comparison: Comparison; cleanup: JsonPatchOperation[] };

interface JsonPatchOperation {
  op: 'remove' | 'replace';
  path: string;
  value?: unknown;
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

const ForceEnabled = 'Enabled';
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

export async function applyObject(
  ctx: ManagerContext,
  object: Unstructured,
  options: ApplyOptions,
): Promise<ChangeSetEntry> {
  return commitPlan(ctx, await planApply(ctx, object, options), options);
}

/**
 * Dry-runs every object first and writes only when all passed, so bad input never half-applies;
 * then writes the ones that drifted, `concurrency` at a time. Entries follow the input order.
 */
export async function applyAllObjects(
  ctx: ManagerContext,
  objects: readonly Unstructured[],
  options: ApplyOptions,
): Promise<ChangeSet> {
  const planned = await settleWithLimit(objects, ctx.options.concurrency, (object) => planApply(ctx, object, options));
  const failed = planned.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const plans = planned.map((result) => (result as PromiseFulfilledResult<ApplyPlan>).value);
  const entries = await mapWithLimit(plans, ctx.options.concurrency, (plan) => commitPlan(ctx, plan, options));
  return { entries };
}

/**
 * Applies in stages so that what later objects need exists first: CRDs and Namespaces (then waits
 * for the CRDs to be established and served), cluster RBAC and classes, everything else, webhooks.
 */
export async function applyAllStagedObjects(
  ctx: ManagerContext,
  objects: readonly Unstructured[],
  options: ApplyOptions,
): Promise<ChangeSet> {
  const entries: ChangeSetEntry[] = [];
  for (const [index, stage] of stageObjects(objects).entries()) {
    if (stage.length === 0) continue;
    const changeSet = await applyAllObjects(ctx, stage, options);
    entries.push(...changeSet.entries);
    if (index === 0) {
      const crds = stage.filter((object) => object.kind === 'CustomResourceDefinition');
      await Promise.all(crds.map((crd) => waitForEstablished(ctx, crd, options.waitForEstablishedMs)));
      if (crds.length > 0) ctx.mapper.reset();
    }
  }
  return { entries };
}

async function planApply(ctx: ManagerContext, object: Unstructured, options: ApplyOptions): Promise<ApplyPlan> {
  const policy = object.metadata.annotations?.[FluxAnnotation.Ssa];
  if (policy === SsaPolicy.Ignore) return { kind: 'skip', target: await resolveTarget(ctx, object) };
  if (policy === SsaPolicy.IfNotPresent) {
    const target = await resolveTarget(ctx, object);
    if (await readLive(ctx, target)) return { kind: 'skip', target };
  }
  let comparison: Comparison;
  try {
    comparison = await compareWithCluster(ctx, object);
  } catch (error) {
    const forced = options.force || object.metadata.annotations?.[FluxAnnotation.Force] === ForceEnabled;
    if (!forced || !isImmutableError(error)) throw error;
    const target = await resolveTarget(ctx, object);
    const live = await readLive(ctx, target);
    if (!live) throw error;
    return { kind: 'recreate', target, object, live };
  }
  const cleanup =
    policy === SsaPolicy.Merge || !comparison.live ? [] : cleanupPatch(comparison.live, ctx.options.fieldManager);
  return { kind: 'apply', comparison, cleanup };
}

async function commitPlan(ctx: ManagerContext, plan: ApplyPlan, options: ApplyOptions): Promise<ChangeSetEntry> {
  if (plan.kind === 'skip') return entryFor(plan.target, Action.Skipped);
  if (plan.kind === 'recreate') {
    const created = await recreate(ctx, plan.target, plan.object, options);
    return entryFor(plan.target, Action.Configured, { resourceVersion: created.metadata.resourceVersion });
  }
  const { comparison, cleanup } = plan;
  const { target } = comparison;
  let resourceVersion = comparison.live?.metadata.resourceVersion;
  if (cleanup.length > 0) {
    try {
      const cleaned = await ctx.client.patch<Unstructured>(target.type, locate(target), cleanup, {
        patchType: PatchType.Json,
      });
      resourceVersion = cleaned.metadata.resourceVersion;
    } catch (error) {
      throw applyErrorFrom(target.subject, 'metadata cleanup', error);
    }
  }
  if (comparison.action === Action.Unchanged && cleanup.length === 0) {
    return entryFor(target, Action.Unchanged, { resourceVersion });
  }
  const applied = await serverSideApply(ctx, target, comparison.object);
  const action = comparison.action === Action.Created ? Action.Created : Action.Configured;
  return entryFor(target, action, {
    resourceVersion: applied.metadata.resourceVersion,
    driftedFields: comparison.driftedFields.length > 0 ? comparison.driftedFields : undefined,
  });
}

async function serverSideApply(
  ctx: ManagerContext,
  target: ResolvedTarget,
  object: Unstructured,
): Promise<Unstructured> {
  try {
    return await ctx.client.patch<Unstructured>(target.type, locate(target), object, {
      patchType: PatchType.Apply,
      force: true,
      fieldManager: ctx.options.fieldManager,
    });
  } catch (error) {
    throw applyErrorFrom(target.subject, 'apply', error);
  }
}

async function recreate(
  ctx: ManagerContext,
  target: ResolvedTarget,
  object: Unstructured,
  options: ApplyOptions,
): Promise<Unstructured> {
  try {
    await ctx.client.delete(target.type, locate(target), { propagationPolicy: 'Background' });
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      throw applyErrorFrom(target.subject, 'delete (immutable field changed)', error);
    }
  }
  const deadline = Date.now() + options.waitForDeletionMs;
  while (await readLive(ctx, target)) {
    if (Date.now() > deadline) {
      throw new ApplyError(
        `${target.subject} recreate failed: still present ${options.waitForDeletionMs} ms after deletion`,
        target.subject,
      );
    }
    await delay(100);
  }
  return serverSideApply(ctx, target, object);
}

async function waitForEstablished(ctx: ManagerContext, crd: Unstructured, timeoutMs: number): Promise<void> {
  const target = await resolveTarget(ctx, crd);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = await readLive(ctx, target);
    const conditions = ((live?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).filter(
      (condition) => condition.status === 'True',
    );
    if (conditions.some((condition) => condition.type === 'Established')) return;
    if (Date.now() > deadline) {
      throw new ApplyError(`${target.subject} is not established after ${timeoutMs} ms`, target.subject);
    }
    await delay(100);
  }
}

/**
 * Flux's default metadata cleanup: drop kubectl's last-applied annotation and hand the fields of
 * kubectl, client-side apply and our own Update entries to our Apply entry, so that fields later
 * removed from the manifest are removed from the object instead of staying owned by nobody.
 */
export function cleanupPatch(live: Unstructured, fieldManager: string): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  if (live.metadata.annotations?.[lastAppliedAnnotation] !== undefined) {
    operations.push({ op: 'remove', path: `/metadata/annotations/${escapePointer(lastAppliedAnnotation)}` });
  }
  const entries = (live.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const stale = entries.filter((entry) => isCleanedUp(entry, fieldManager));
  if (stale.length === 0) return operations;
  const kept = entries.filter((entry) => !stale.includes(entry));
  let own = kept.find((entry) => entry.manager === fieldManager && entry.operation === 'Apply' && !entry.subresource);
  if (!own) {
    own = {
      manager: fieldManager,
      operation: 'Apply',
      apiVersion: live.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    };
    kept.push(own);
  }
  const merged = {
    ...own,
    fieldsV1: stale.reduce((fields, entry) => mergeFields(fields, entry.fieldsV1 ?? {}), own.fieldsV1 ?? {}),
  };
  operations.push({
    op: 'replace',
    path: '/metadata/managedFields',
    value: kept.map((entry) => (entry === own ? merged : entry)),
  });
  return operations;
}

function isCleanedUp(entry: ManagedFieldsEntry, fieldManager: string): boolean {
  if (entry.subresource) return false;
  switch (entry.manager) {
    case 'kubectl':
      return entry.operation === 'Apply' || entry.operation === 'Update';
    case 'kubectl-client-side-apply':
    case 'before-first-apply':
      return entry.operation === 'Update';
    default:
      return entry.manager === fieldManager && entry.operation === 'Update';
  }
}

function mergeFields(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = merged[key];
    merged[key] =
      isRecord(existing) && isRecord(value) ? mergeFields(existing, value) : isRecord(existing) ? existing : value;
  }
  return merged;
}

function entryFor(
  target: ResolvedTarget,
  action: Action,
  facts: { resourceVersion?: string; driftedFields?: string[] } = {},
): ChangeSetEntry {
  const entry: ChangeSetEntry = { ref: target.ref, subject: target.subject, version: target.apiVersion, action };
  if (facts.driftedFields) entry.driftedFields = facts.driftedFields;
  if (facts.resourceVersion) entry.resourceVersion = facts.resourceVersion;
  return entry;
}

function locate(target: ResolvedTarget): { namespace?: string; name: string } {
  return { namespace: target.ref.namespace || undefined, name: target.ref.name };
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
