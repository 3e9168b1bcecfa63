import type { Unstructured } from '@driftless/apply';
import { sleep } from '@driftless/runtime';
import { type Release, ReleaseStatus } from '../release/release.js';
import { type Deadline, errorText, startDeadline, timestamp } from './action-clock.js';
import { type ActionDeps, HelmActionError } from './action-types.js';
import { runHooks } from './hooks.js';
import { compareKinds, UninstallOrder } from './kind-order.js';
import { describeObject, isKept, objectsOfManifest } from './release-objects.js';
import { recordRelease, setStatus } from './release-record.js';

export const DeletionPropagation = { Background: 'background', Foreground: 'foreground', Orphan: 'orphan' } as const;
export type DeletionPropagation = (typeof DeletionPropagation)[keyof typeof DeletionPropagation];

export interface UninstallOptions {
  timeoutMs: number;
  /** Wait until the deleted objects are gone. */
  wait: boolean;
  disableHooks: boolean;
  /** Keep the release's revisions, the last one marked uninstalled. */
  keepHistory: boolean;
  deletionPropagation: DeletionPropagation;
}

export function defaultUninstallOptions(): UninstallOptions {
  return {
    timeoutMs: 5 * 60_000,
    wait: true,
    disableHooks: false,
    keepHistory: false,
    deletionPropagation: DeletionPropagation.Background,
  };
}

const propagationPolicies = {
  background: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
} as const satisfies Record<DeletionPropagation, string>;

const pollIntervalMs = 100;

/**
 * helm uninstall: marks the last revision uninstalling, runs the pre-delete hooks, deletes the
 * manifest's objects (in helm's uninstall order, except those with `helm.sh/resource-policy: keep`),
 * optionally waits for them to be gone, runs the post-delete hooks, then marks it uninstalled
 * (keepHistory) or deletes every revision. Resolves undefined when there is no release.
 */
export async function uninstall(
  deps: ActionDeps,
  name: string,
  options: UninstallOptions,
): Promise<Release | undefined> {
  const deadline = startDeadline(options.timeoutMs);
  const history = await deps.storage.history(name);
  const release = history[history.length - 1];
  if (!release) return undefined;
  if (release.info.status === ReleaseStatus.Uninstalled) {
    if (options.keepHistory) throw new HelmActionError('uninstall', `the release named "${name}" is already deleted`);
    await purge(deps, history);
    return release;
  }
  release.info.deleted = timestamp();
  setStatus(release, ReleaseStatus.Uninstalling, 'Deletion in progress (or silently failed)');
  if (!options.disableHooks) {
    try {
      await runHooks(deps, release, 'pre-delete', deadline);
    } catch (error) {
      throw new HelmActionError('uninstall', errorText(error), release, { cause: error });
    }
  }
  await recordRelease(deps, release);
  const errors = await deleteReleaseObjects(deps, release, options, deadline);
  if (!options.disableHooks) {
    await runHooks(deps, release, 'post-delete', deadline).catch((error) => errors.push(errorText(error)));
  }
  setStatus(release, ReleaseStatus.Uninstalled, 'Uninstallation complete');
  if (options.keepHistory) await recordRelease(deps, release);
  else await purge(deps, history).catch((error) => errors.push(`failed to purge the release: ${errorText(error)}`));
  if (errors.length > 0) {
    const message = `uninstallation completed with ${errors.length} error(s): ${errors.join('; ')}`;
    throw new HelmActionError('uninstall', message, release);
  }
  return release;
}

async function deleteReleaseObjects(
  deps: ActionDeps,
  release: Release,
  options: UninstallOptions,
  deadline: Deadline,
): Promise<string[]> {
  const objects = (await objectsOfManifest(deps, release.manifest, release.namespace))
    .filter((object) => !isKept(object))
    .sort((a, b) => compareKinds(a.kind, b.kind, UninstallOrder));
  const errors: string[] = [];
  for (const object of objects) {
    try {
      await deps.manager.delete(object, { propagationPolicy: propagationPolicies[options.deletionPropagation] });
    } catch (error) {
      errors.push(errorText(error));
    }
  }
  if (errors.length > 0) {
    throw new HelmActionError('uninstall', `failed to delete release: ${release.name}: ${errors.join('; ')}`, release);
  }
  if (options.wait) await waitForDeletion(deps, objects, deadline).catch((error) => errors.push(errorText(error)));
  return errors;
}

async function waitForDeletion(deps: ActionDeps, objects: readonly Unstructured[], deadline: Deadline): Promise<void> {
  let remaining = [...objects];
  for (;;) {
    const present = await Promise.all(remaining.map((object) => deps.manager.get(object)));
    remaining = remaining.filter((_, index) => present[index] !== undefined);
    if (remaining.length === 0) return;
    if (deadline.remainingMs() === 0) {
      const names = remaining.map(describeObject).join(', ');
      throw new Error(`timed out after ${deadline.timeoutMs} ms waiting for the deletion of ${names}`);
    }
    await sleep(pollIntervalMs, deadline.signal);
  }
}

async function purge(deps: ActionDeps, history: readonly Release[]): Promise<void> {
  for (const revision of history) await deps.storage.delete(revision.name, revision.version);
}
