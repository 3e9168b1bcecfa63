import { PatchType } from '@driftless/runtime';
import { applyErrorFrom } from './apply-errors.js';
import { Action } from './change-set.js';
import { type ResolvedTarget, readLive, resolveTarget } from './live-object.js';
import type { Unstructured } from './objects.js';
import type { ManagerContext } from './resource-manager.js';

export interface DiffResult {
  action: typeof Action.Created | typeof Action.Configured | typeof Action.Unchanged;
  /** The object in the cluster now, when there is one. */
  live?: Unstructured;
  /** What the cluster would hold after applying (server-side dry-run). */
  merged: Unstructured;
  /** Dotted paths that differ, sorted, at most `maxDriftedFields`. */
  driftedFields: string[];
}

/** A diff with what the apply verb needs next. */
export interface Comparison extends DiffResult {
  target: ResolvedTarget;
  object: Unstructured;
}

export const maxDriftedFields = 20;

/** Server-side dry-run apply next to a read of the live object, compared without volatile fields. */
export async function compareWithCluster(ctx: ManagerContext, manifest: Unstructured): Promise<Comparison> {
  const target = await resolveTarget(ctx, manifest);
  const object = target.ref.namespace === (manifest.metadata.namespace ?? '') ? manifest : withoutNamespace(manifest);
  const [merged, live] = await Promise.all([dryRunApply(ctx, target, object), readLive(ctx, target)]);
  const fields = live ? changedPaths(live, merged) : [];
  const action = !live ? Action.Created : fields.length > 0 ? Action.Configured : Action.Unchanged;
  return { action, live, merged, driftedFields: fields.slice(0, maxDriftedFields), target, object };
}

export async function diffObject(ctx: ManagerContext, manifest: Unstructured): Promise<DiffResult> {
  const { action, live, merged, driftedFields } = await compareWithCluster(ctx, manifest);
  return live ? { action, live, merged, driftedFields } : { action, merged, driftedFields };
}

async function dryRunApply(ctx: ManagerContext, target: ResolvedTarget, object: Unstructured): Promise<Unstructured> {
  try {
    return await ctx.client.patch<Unstructured>(
      target.type,
      { namespace: target.ref.namespace || undefined, name: target.ref.name },
      object,
      { patchType: PatchType.Apply, force: true, dryRun: true, fieldManager: ctx.options.fieldManager },
    );
  } catch (error) {
    throw applyErrorFrom(target.subject, 'dry-run', error);
  }
}

function withoutNamespace(object: Unstructured): Unstructured {
  const { namespace: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

const volatileMetadata = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** The object as compared for drift: no status, no server bookkeeping, no empty label/annotation maps. */
export function comparable(object: Unstructured): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (volatileMetadata.includes(key) || value === undefined) continue;
    if (isRecord(value) && Object.keys(value).length === 0) continue;
    kept[key] = value;
  }
  return { ...rest, metadata: kept };
}

/** Every path where the live object and the dry-run result differ, sorted (`spec.replicas`, `data.greeting`). */
export function changedPaths(live: Unstructured, merged: Unstructured): string[] {
  const paths: string[] = [];
  collect(comparable(live), comparable(merged), '', paths);
  return paths.sort();
}

function collect(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) collect(a[key], b[key], joinKey(path, key), out);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) collect(a[i], b[i], `${path}[${i}]`, out);
  } else if (!Object.is(a, b)) {
    out.push(path);
  }
}

function joinKey(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!path) return part;
  return part.startsWith('[') ? `${path}${part}` : `${path}.${part}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
