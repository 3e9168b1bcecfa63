import { EventSeverity, KustomizeReason } from '@driftless/api';
import {
  Action,
  type ChangeSet,
  type ChangeSetEntry,
  defaultApplyOptions,
  objectIdOf,
  refOf,
  subjectOf,
  type Unstructured,
} from '@driftless/apply';
import type { ReconcileContext } from '@driftless/runtime';
import { keepIgnoredFields } from './ignore-paths.js';
import {
  type KustomizationObject,
  type KustomizationState,
  type KustomizeDeps,
  objectKeyOf,
} from './kustomization-object.js';
import { failingAs } from './retry.js';

export const DriftMode = { Enabled: 'enabled', Warn: 'warn', Disabled: 'disabled' } as const;

/**
 * Applies the built objects. When they are the ones applied last time, only objects whose watched
 * resourceVersion moved since are compared again (none: no API call at all); what such a comparison
 * finds is drift, corrected (or, in warn mode, reported) and announced with the fields that moved.
 */
export function applyObjects(deps: KustomizeDeps) {
  return async function applyObjects(ctx: ReconcileContext, object: KustomizationObject, state: KustomizationState) {
    const objects = state.objects ?? [];
    const key = objectKeyOf(object);
    const record = deps.records.get(key);
    state.sameBuild = record !== undefined && record.buildDigest === state.buildDigest;
    const touched = state.sameBuild
      ? objects.filter((manifest) => movedSinceApply(deps, record!.versions, manifest))
      : objects;
    const manager = deps.managerFor(deps.clientFor(object));
    const mode = object.spec.driftDetection?.mode ?? DriftMode.Enabled;

    if (state.sameBuild && mode === DriftMode.Warn && touched.length > 0) {
      const diffs = await failingAs(object, KustomizeReason.ReconciliationFailed, () =>
        Promise.all(touched.map(async (manifest) => ({ manifest, diff: await manager.diff(manifest) }))),
      );
      const drifted = diffs.filter(({ diff }) => diff.action !== Action.Unchanged);
      for (const { manifest } of diffs) {
        const live = deps.watch.peek(refOf(manifest));
        if (live?.metadata.resourceVersion)
          deps.records.advance(key, objectIdOf(manifest), live.metadata.resourceVersion);
      }
      if (drifted.length > 0) {
        await ctx.events.emit(
          object,
          EventSeverity.Info,
          `drift detected (not corrected, warn mode): ${describeDrift(drifted.map(({ manifest, diff }) => ({ subject: subjectOf(refOf(manifest)), action: diff.action, fields: diff.driftedFields })))}`,
          {
            reason: KustomizeReason.DriftDetected,
            metadata: { revision: state.artifact?.revision ?? '' },
          },
        );
      }
      state.changeSet = { entries: [] };
      return;
    }

    if (touched.length === 0) {
      state.changeSet = { entries: [] };
      return;
    }
    const prepared = touched.map((manifest) =>
      keepIgnoredFields(manifest, deps.watch.peek(refOf(manifest)), object.spec.ignore ?? []),
    );
    const options = { ...defaultApplyOptions(), force: object.spec.force ?? false };
    const changeSet: ChangeSet = await failingAs(object, KustomizeReason.ReconciliationFailed, () =>
      state.sameBuild ? manager.applyAll(prepared, options) : manager.applyAllStaged(prepared, options),
    );
    state.changeSet = changeSet;
    await watchKinds(deps, objects);
    deps.records.set(key, {
      buildDigest: state.buildDigest ?? '',
      versions: recordedVersions(state.sameBuild ? record!.versions : new Map(), changeSet),
    });
    const drift = changeSet.entries.filter(
      (entry) => entry.action !== Action.Unchanged && entry.action !== Action.Skipped,
    );
    if (state.sameBuild && drift.length > 0) {
      await ctx.events.emit(
        object,
        EventSeverity.Info,
        `drift corrected: ${describeDrift(drift.map((entry) => ({ subject: entry.subject, action: entry.action, fields: entry.driftedFields })))}`,
        { reason: KustomizeReason.DriftCorrected, metadata: { revision: state.artifact?.revision ?? '' } },
      );
    }
  };
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

function recordedVersions(previous: Map<string, string>, changeSet: ChangeSet): Map<string, string> {
  const versions = new Map(previous);
  for (const entry of changeSet.entries) {
    const id = `${entry.ref.namespace}_${entry.ref.name}_${entry.ref.group}_${entry.ref.kind}`;
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
