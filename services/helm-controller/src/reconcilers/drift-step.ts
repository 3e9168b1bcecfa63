import { EventSeverity, FluxAnnotation, HelmReason } from '@driftless/api';
import {
  Action,
  defaultApplyOptions,
  formatObjectId,
  keepIgnoredFields,
  objectIdOf,
  refOf,
  subjectOf,
  type Unstructured,
} from '@driftless/apply';
import { type ActionDeps, objectsOfManifest, type Release, withOwnership } from '@driftless/helm';
import type { ReconcileContext } from '@driftless/runtime';
import { type HelmDeps, type HelmReleaseObject, objectKeyOf } from './helm-release-object.js';
import { fullReleaseName } from './release-conditions.js';

export const DriftMode = { Enabled: 'enabled', Warn: 'warn', Disabled: 'disabled' } as const;

/** Which revision the recorded resourceVersions belong to. */
const releaseMarker = 'release';

function revisionOf(release: Release): string {
  return `${release.namespace}/${release.name}.v${release.version}`;
}

/** The objects of a release as they were applied: in the release namespace, with helm's ownership metadata. */
async function appliedObjects(actionDeps: ActionDeps, release: Release): Promise<Unstructured[]> {
  const objects = await objectsOfManifest(actionDeps, release.manifest, release.namespace);
  return objects.map((object) => withOwnership(object, release));
}

/**
 * After a release action: the resourceVersion of each of the release's objects, so that the watch can
 * tell a later change (drift) from the state the action left.
 */
export async function recordBaseline(
  deps: HelmDeps,
  object: HelmReleaseObject,
  actionDeps: ActionDeps,
  release: Release,
): Promise<void> {
  const objects = await appliedObjects(actionDeps, release);
  await watchKinds(deps, objects);
  const versions = new Map<string, string>();
  await Promise.all(
    objects.map(async (manifest) => {
      const live = await actionDeps.manager.get(manifest);
      if (live?.metadata.resourceVersion) versions.set(objectIdOf(manifest), live.metadata.resourceVersion);
    }),
  );
  deps.applied.set(objectKeyOf(object), { digests: new Map([[releaseMarker, revisionOf(release)]]), versions });
}

/**
 * Drift detection of a release in sync (spec.driftDetection): objects the watch saw move since the
 * last action (all of them when there is no record, e.g. after a restart) are compared by server-side
 * dry-run; what moved is corrected with a forced apply (`enabled`) or reported (`warn`).
 */
export async function correctDrift(
  deps: HelmDeps,
  ctx: ReconcileContext,
  object: HelmReleaseObject,
  actionDeps: ActionDeps,
  release: Release,
): Promise<void> {
  const mode = object.spec.driftDetection?.mode ?? DriftMode.Disabled;
  if (mode === DriftMode.Disabled) return;
  const key = objectKeyOf(object);
  const record = deps.applied.get(key);
  const baseline = record?.digests.get(releaseMarker) === revisionOf(release) ? record : undefined;
  const objects = (await appliedObjects(actionDeps, release)).filter((manifest) => !driftDetectionDisabled(manifest));
  const candidates = baseline
    ? objects.filter((manifest) => {
        const live = deps.watch.peek(refOf(manifest));
        return !live || live.metadata.resourceVersion !== baseline.versions.get(objectIdOf(manifest));
      })
    : objects;
  if (candidates.length === 0) return;
  await watchKinds(deps, objects);

  const versions = new Map(baseline?.versions ?? []);
  const rules = object.spec.driftDetection?.ignore ?? [];
  const compared = await Promise.all(
    candidates.map(async (manifest) => {
      const desired = keepIgnoredFields(manifest, deps.watch.peek(refOf(manifest)), rules);
      return { desired, diff: await actionDeps.manager.diff(desired) };
    }),
  );
  const drifted = compared.filter(({ diff }) => diff.action !== Action.Unchanged);
  for (const { desired, diff } of compared) {
    if (diff.live?.metadata.resourceVersion) versions.set(objectIdOf(desired), diff.live.metadata.resourceVersion);
  }
  const summary = drifted
    .map(({ desired, diff }) => {
      const fields =
        diff.action === Action.Created ? ' (removed from the cluster)' : ` (${diff.driftedFields.join(', ')})`;
      return `${subjectOf(refOf(desired))} ${diff.action === Action.Created ? 'missing' : 'changed'}${fields}`;
    })
    .join('; ');
  const revision = { revision: release.chart.metadata.version };

  if (drifted.length > 0 && mode === DriftMode.Enabled) {
    const applied = await actionDeps.manager.applyAll(
      drifted.map(({ desired }) => desired),
      { ...defaultApplyOptions(), force: true },
    );
    for (const entry of applied.entries) {
      if (entry.resourceVersion) versions.set(formatObjectId(entry.ref), entry.resourceVersion);
    }
    await ctx.events.emit(
      object,
      EventSeverity.Info,
      `Cluster state of release ${fullReleaseName(release)} has been corrected: ${summary}`,
      { reason: 'DriftCorrected', metadata: revision },
    );
  } else if (drifted.length > 0) {
    await ctx.events.emit(
      object,
      EventSeverity.Error,
      `Cluster state of release ${fullReleaseName(release)} has drifted from the desired state (not corrected, warn mode): ${summary}`,
      { reason: HelmReason.DriftDetected, metadata: revision },
    );
  }
  deps.applied.set(key, { digests: new Map([[releaseMarker, revisionOf(release)]]), versions });
}

function driftDetectionDisabled(manifest: Unstructured): boolean {
  const value =
    manifest.metadata.annotations?.[FluxAnnotation.HelmDriftDetection] ??
    manifest.metadata.labels?.[FluxAnnotation.HelmDriftDetection];
  return value === 'disabled';
}

async function watchKinds(deps: HelmDeps, objects: readonly Unstructured[]): Promise<void> {
  const kinds = new Map(objects.map((manifest) => [`${manifest.apiVersion}/${manifest.kind}`, manifest]));
  await Promise.all(
    [...kinds.values()].map((manifest) => deps.watch.ensureWatching(manifest.apiVersion, manifest.kind)),
  );
}
