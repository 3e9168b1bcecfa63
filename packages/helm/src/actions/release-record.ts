import type { Release, ReleaseStatus } from '../release/release.js';
import { errorText } from './action-clock.js';
import type { ActionDeps } from './action-types.js';

export function setStatus(release: Release, status: ReleaseStatus, description: string): void {
  release.info.status = status;
  release.info.description = description;
}

/**
 * Stores the release's new state where a failure to do so must not hide the action's own outcome
 * (helm's `recordRelease`): the error is logged, not thrown.
 */
export async function recordRelease(deps: ActionDeps, release: Release): Promise<void> {
  try {
    await deps.storage.update(release);
  } catch (error) {
    deps.logger?.warn(
      { release: release.name, version: release.version, err: errorText(error) },
      'could not record the release',
    );
  }
}

/** Drops revisions beyond `maxHistory` (0 keeps every one); a failure is logged. */
export async function pruneHistory(deps: ActionDeps, name: string, maxHistory: number): Promise<void> {
  if (maxHistory <= 0) return;
  try {
    await deps.storage.prune(name, maxHistory);
  } catch (error) {
    deps.logger?.warn({ release: name, err: errorText(error) }, 'could not prune the release history');
  }
}

/** A copy the action may change freely; stored releases and rendered ones stay as they were. */
export function copyRelease(release: Release): Release {
  return structuredClone(release);
}
