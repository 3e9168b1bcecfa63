import { createHash } from 'node:crypto';
import type { HelmReleaseSnapshot } from '@driftless/api';
import { HookPhase, type Release, ReleaseStatus } from '@driftless/helm';
import type { HelmReleaseObject } from './helm-release-object.js';

/** How the release in storage compares with the HelmRelease (Flux's `DetermineReleaseState`). */
export const ReleaseState = {
  Absent: 'Absent',
  Unmanaged: 'Unmanaged',
  OutOfSync: 'OutOfSync',
  Locked: 'Locked',
  Untested: 'Untested',
  Failed: 'Failed',
  InSync: 'InSync',
} as const;
export type ReleaseState = (typeof ReleaseState)[keyof typeof ReleaseState];

export interface DeterminedState {
  state: ReleaseState;
  reason: string;
}

/** What the HelmRelease asks for now, to compare with the latest release. */
export interface DesiredRelease {
  /** The chart version, when the source says it without opening the chart (a HelmChart's revision). */
  chartVersion?: string;
  /** An OCIRepository's manifest digest. */
  ociDigest?: string;
  valuesDigest: string;
  postRenderersDigest: string;
}

const pending: ReadonlySet<string> = new Set([
  ReleaseStatus.PendingInstall,
  ReleaseStatus.PendingUpgrade,
  ReleaseStatus.PendingRollback,
]);

export function determineState(
  object: HelmReleaseObject,
  last: Release | undefined,
  current: HelmReleaseSnapshot | undefined,
  lastDigest: string | undefined,
  desired: DesiredRelease,
  testFailuresIgnored: boolean,
): DeterminedState {
  if (!last) return { state: ReleaseState.Absent, reason: 'no release in storage for object' };
  if (pending.has(last.info.status)) {
    return { state: ReleaseState.Locked, reason: `release with status '${last.info.status}'` };
  }
  if (!current) {
    if (last.info.status === ReleaseStatus.Uninstalled) {
      return { state: ReleaseState.Absent, reason: 'found uninstalled release in storage' };
    }
    return { state: ReleaseState.Unmanaged, reason: 'found existing release in storage' };
  }
  if (current.version !== last.version || current.name !== last.name) {
    return { state: ReleaseState.Unmanaged, reason: `release v${last.version} in storage was not made by this object` };
  }
  if (current.digest !== lastDigest) {
    return { state: ReleaseState.Unmanaged, reason: 'release in storage was changed outside this object' };
  }
  switch (last.info.status) {
    case ReleaseStatus.Failed:
      return { state: ReleaseState.Failed, reason: last.info.description };
    case ReleaseStatus.Uninstalled:
      return { state: ReleaseState.Absent, reason: 'found uninstalled release in storage' };
    case ReleaseStatus.Deployed:
      break;
    default:
      return { state: ReleaseState.Unmanaged, reason: `release with status '${last.info.status}'` };
  }
  const outOfSync = outOfSyncReason(object, current, desired);
  if (outOfSync) return { state: ReleaseState.OutOfSync, reason: outOfSync };
  if (object.spec.test?.enable) {
    if (!hasBeenTested(current)) return { state: ReleaseState.Untested, reason: 'release has not been tested' };
    if (!testFailuresIgnored && hasFailedTest(current)) {
      return { state: ReleaseState.Failed, reason: 'release has test in failed phase' };
    }
  }
  return { state: ReleaseState.InSync, reason: 'release in-sync with desired state' };
}

function outOfSyncReason(
  object: HelmReleaseObject,
  current: HelmReleaseSnapshot,
  desired: DesiredRelease,
): string | undefined {
  if (desired.chartVersion !== undefined && desired.chartVersion !== current.chartVersion) {
    return `chart version changed: ${current.chartVersion} -> ${desired.chartVersion}`;
  }
  if (desired.ociDigest !== undefined && desired.ociDigest !== current.ociDigest) return 'chart artifact changed';
  if (desired.valuesDigest !== current.configDigest) return 'release config values changed';
  if (desired.postRenderersDigest !== (object.status?.observedPostRenderersDigest ?? emptyPostRenderersDigest)) {
    return 'post-renderers changed';
  }
  return undefined;
}

export const emptyPostRenderersDigest = '';

/** Tests ran when a test hook has started, or when a test run found no test hook at all (`{}`). */
function hasBeenTested(snapshot: HelmReleaseSnapshot): boolean {
  const hooks = Object.values(snapshot.testHooks ?? {});
  if (snapshot.testHooks !== undefined && hooks.length === 0) return true;
  return hooks.some((hook) => hook.lastStarted);
}

function hasFailedTest(snapshot: HelmReleaseSnapshot): boolean {
  return Object.values(snapshot.testHooks ?? {}).some((hook) => hook.phase === HookPhase.Failed);
}

export function postRenderersDigest(object: HelmReleaseObject): string {
  const renderers = object.spec.postRenderers ?? [];
  if (renderers.length === 0) return emptyPostRenderersDigest;
  return `sha256:${createHash('sha256').update(JSON.stringify(renderers)).digest('hex')}`;
}
