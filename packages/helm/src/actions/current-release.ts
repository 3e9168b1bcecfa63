import { type Release, ReleaseStatus } from '../release/release.js';
import type { ActionDeps } from './action-types.js';

const pendingStatuses: ReadonlySet<string> = new Set([
  ReleaseStatus.PendingInstall,
  ReleaseStatus.PendingUpgrade,
  ReleaseStatus.PendingRollback,
]);

export function isPending(release: Release): boolean {
  return pendingStatuses.has(release.info.status);
}

/**
 * helm's choice of the release an upgrade starts from: the last revision when deployed, else the
 * newest deployed one, else a last revision that failed or was superseded; undefined otherwise.
 */
export async function upgradeBase(deps: ActionDeps, last: Release): Promise<Release | undefined> {
  if (last.info.status === ReleaseStatus.Deployed) return last;
  const deployed = await deployedReleases(deps, last.name);
  if (deployed.length > 0) return deployed[deployed.length - 1];
  const fallback = last.info.status === ReleaseStatus.Failed || last.info.status === ReleaseStatus.Superseded;
  return fallback ? last : undefined;
}

/** Every deployed revision, oldest first. */
export async function deployedReleases(deps: ActionDeps, name: string): Promise<Release[]> {
  return (await deps.storage.history(name)).filter((release) => release.info.status === ReleaseStatus.Deployed);
}
