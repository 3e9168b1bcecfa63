import { createHash } from 'node:crypto';
import { EventSeverity, KustomizeReason } from '@driftless/api';
import {
  Action,
  type ChangeSet,
  type ChangeSetEntry,
  defaultApplyOptions,
  formatObjectId,
  keepIgnoredFields,
  objectIdOf,
  refOf,
  subjectOf,
  type Unstructured,
} from '@driftless/apply';
import type { ReconcileContext } from '@driftless/runtime';
import {
  type KustomizationObject,
  type KustomizationState,
  type KustomizeDeps,
  objectKeyOf,
} from './kustomization-object.js';
import { failingAs } from './retry.js';

export const DriftMode = { Enabled: 'enabled', Warn: 'warn', Disabled: 'disabled' } as const;

/**
 * Applies the objects whose built form changed since the last apply, and those whose watched
 * resourceVersion moved since (none of either: no API call at all). The latter are drift: corrected
 * (or, in warn mode, reported) and announced with the fields that moved.
 */
export function applyObjects(deps: KustomizeDeps) {
  return async function applyObjects(ctx: ReconcileContext, object: KustomizationObject, state: KustomizationState) {
    const objects = state.objects ?? [];
    const key = objectKeyOf(object);
    const record = deps.records.get(key);
    const digests = new Map(objects.map((manifest) => [objectIdOf(manifest), digestOf(manifest)]));
    // Same desired object as last applied, but the cluster's copy moved: that is drift.
    const drifted = record
      ? objects.filter(
          (manifest) =>
            record.digests.get(objectIdOf(manifest)) === digests.get(objectIdOf(manifest)) &&
            movedSinceApply(deps, record.versions, manifest),
        )
      : [];
    const changed = record
      ? objects.filter((manifest) => record.digests.get(objectIdOf(manifest)) !== digests.get(objectIdOf(manifest)))
      : objects;
    const manager = deps.managerFor(deps.clientFor(object));
    const warnOnly = (object.spec.driftDetection?.mode ?? DriftMode.Enabled) === DriftMode.Warn;
    if (warnOnly && drifted.length > 0) await reportDrift(deps, ctx, object, state, drifted);
    const toApply = warnOnly ? changed : [...changed, ...drifted];
    state.changeSet = { entries: [] };
    if (toApply.length === 0) return;

    const prepared = toApply.map((manifest) =>
      keepIgnoredFields(manifest, deps.watch.peek(refOf(manifest)), object.spec.ignore ?? []),
    );
    const options = { ...defaultApplyOptions(), force: object.spec.force ?? false };
    const applied: ChangeSet = await failingAs(object, KustomizeReason.ReconciliationFailed, () =>
      manager.applyAllStaged(prepared, options),
    );
    await watchKinds(deps, objects);
    const driftIds = new Set(drifted.map(objectIdOf));
    const isDrift = (entry: ChangeSetEntry) => driftIds.has(formatObjectId(entry.ref));
    state.changeSet = { entries: applied.entries.filter((entry) => !isDrift(entry)) };
    deps.records.set(key, {
      digests,
      versions: recordedVersions(record?.versions ?? new Map(), applied, digests),
    });
    const corrected = applied.entries.filter(
      (entry) => isDrift(entry) && entry.action !== Action.Unchanged && entry.action !== Action.Skipped,
    );
    if (corrected.length > 0) {
      await ctx.events.emit(
        object,
        EventSeverity.Info,
        `drift corrected: ${describeDrift(corrected.map((entry) => ({ subject: entry.subject, action: entry.action, fields: entry.driftedFields })))}`,
        { reason: KustomizeReason.DriftCorrected, metadata: { revision: state.artifact?.revision ?? '' } },
      );
    }
  };
}

/** Warn mode: compare the drifted objects with a dry-run, say what moved, and leave them as they are. */
async function reportDrift(
  deps: KustomizeDeps,
  ctx: ReconcileContext,
  object: KustomizationObject,
  state: KustomizationState,
  drifted: readonly Unstructured[],
): Promise<void> {
  const manager = deps.managerFor(deps.clientFor(object));
  const diffs = await failingAs(object, KustomizeReason.ReconciliationFailed, () =>
    Promise.all(drifted.map(async (manifest) => ({ manifest, diff: await manager.diff(manifest) }))),
  );
  const key = objectKeyOf(object);
  for (const { manifest, diff } of diffs) {
    const resourceVersion = diff.live?.metadata.resourceVersion;
    if (resourceVersion) deps.records.advance(key, objectIdOf(manifest), resourceVersion);
  }
  const moved = diffs.filter(({ diff }) => diff.action !== Action.Unchanged);
  if (moved.length === 0) return;
  const text = describeDrift(
    moved.map(({ manifest, diff }) => ({
      subject: subjectOf(refOf(manifest)),
      action: diff.action,
      fields: diff.driftedFields,
    })),
  );
  await ctx.events.emit(object, EventSeverity.Info, `drift detected (not corrected, warn mode): ${text}`, {
    reason: KustomizeReason.DriftDetected,
    metadata: { revision: state.artifact?.revision ?? '' },
  });
}

function digestOf(manifest: Unstructured): string {
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex');
}

function movedSinceApply(deps: KustomizeDeps, versions: Map<string, string>, manifest: Unstructured): boolean {
  const live = deps.watch.peek(refOf(manifest));
  return !live || live.metadata.resourceVersion !== versions.get(objectIdOf(manifest));
}

async function watchKinds(deps: KustomizeDeps, objects: readonly Unstructured[]): Promise<void> {
  const kinds = new Map(objects.map((manifest) => [`${manifest.apiVersion}/${manifest.kind}`, manifest]));
  await Promise.all(
    [...kinds.values()].map((manifest) => deps.watch.ensureWatching(manifest.apiVersion, manifest.kind)),
  );
}

/** The resourceVersion of every object of the build: from this apply, or kept from the last one. */
function recordedVersions(
  previous: Map<string, string>,
  applied: ChangeSet,
  current: Map<string, string>,
): Map<string, string> {
  const versions = new Map([...previous].filter(([id]) => current.has(id)));
  for (const entry of applied.entries) {
    const id = formatObjectId(entry.ref);
    if (entry.resourceVersion) versions.set(id, entry.resourceVersion);
    else versions.delete(id);
  }
  return versions;
}

/** `ConfigMap/apps/settings configured (data.greeting); Deployment/apps/web created` */
export function describeDrift(entries: ReadonlyArray<{ subject: string; action: string; fields?: string[] }>): string {
  return entries
    .map(({ subject, action, fields }) => `${subject} ${action}${fields?.length ? ` (${fields.join(', ')})` : ''}`)
    .join('; ');
}

export type { ChangeSetEntry };
