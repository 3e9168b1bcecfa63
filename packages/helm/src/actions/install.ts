import { ConflictError } from '@driftless/runtime';
import { type Release, ReleaseStatus } from '../release/release.js';
import type { RenderedRelease } from '../render/rendered-release.js';
import { type Deadline, errorText, startDeadline, timestamp } from './action-clock.js';
import { type ActionDeps, CrdPolicy, HelmActionError, type WaitFlags } from './action-types.js';
import { applyCrds } from './crds.js';
import { runHooks } from './hooks.js';
import { surveyObjects } from './ownership.js';
import { inReleaseNamespace, withOwnership } from './release-objects.js';
import { copyRelease, pruneHistory, recordRelease, setStatus } from './release-record.js';
import { waitForObjects } from './wait-objects.js';
import { applyObjects } from './write-objects.js';

export interface InstallOptions extends WaitFlags {
  crds: CrdPolicy;
  /** Create the release namespace when it is missing. */
  createNamespace: boolean;
  /** Re-use the name of an uninstalled (history kept) or failed release. */
  replace: boolean;
  maxHistory: number;
}

export function defaultInstallOptions(): InstallOptions {
  return {
    timeoutMs: 5 * 60_000,
    wait: true,
    waitForJobs: false,
    disableHooks: false,
    crds: CrdPolicy.Create,
    createNamespace: false,
    replace: false,
    maxHistory: 0,
  };
}

/**
 * helm install: stores revision 1 as pending-install, runs the pre-install hooks, applies the
 * objects with helm's ownership metadata, waits, runs the post-install hooks and stores it as
 * deployed; any failure after the release was stored leaves it failed.
 */
export async function install(deps: ActionDeps, rendered: RenderedRelease, options: InstallOptions): Promise<Release> {
  const deadline = startDeadline(options.timeoutMs);
  const release = pendingInstall(rendered.release);
  const previous = await checkNameAvailable(deps, release.name, options.replace);
  try {
    await applyCrds(deps, rendered.crds, options.crds, deadline.remainingMs());
  } catch (error) {
    throw new HelmActionError('install', `failed to install CRDs: ${errorText(error)}`, undefined, { cause: error });
  }
  const objects = (await inReleaseNamespace(deps, rendered.objects, release.namespace)).map((object) =>
    withOwnership(object, release),
  );
  try {
    await surveyObjects(deps, objects, release);
  } catch (error) {
    throw new HelmActionError('install', `Unable to continue with install: ${errorText(error)}`, undefined, {
      cause: error,
    });
  }
  if (options.createNamespace) await createNamespace(deps, release.namespace);
  if (previous) await replacePrevious(deps, release, previous);
  await deps.storage.create(release);
  try {
    await performInstall(deps, release, objects, options, deadline);
    return release;
  } catch (error) {
    setStatus(release, ReleaseStatus.Failed, `Release "${release.name}" failed: ${errorText(error)}`);
    await recordRelease(deps, release);
    throw new HelmActionError('install', release.info.description, release, { cause: error });
  } finally {
    await pruneHistory(deps, release.name, options.maxHistory);
  }
}

async function performInstall(
  deps: ActionDeps,
  release: Release,
  objects: Parameters<typeof applyObjects>[1],
  options: InstallOptions,
  deadline: Deadline,
): Promise<void> {
  if (!options.disableHooks) await runHooks(deps, release, 'pre-install', deadline);
  await applyObjects(deps, objects, false);
  if (options.wait) await waitForObjects(deps, objects, { waitForJobs: options.waitForJobs, deadline });
  if (!options.disableHooks) await runHooks(deps, release, 'post-install', deadline);
  setStatus(release, ReleaseStatus.Deployed, 'Install complete');
  await deps.storage.update(release);
}

function pendingInstall(rendered: Release): Release {
  const release = copyRelease(rendered);
  const now = timestamp();
  release.version = 1;
  release.info = {
    ...release.info,
    first_deployed: now,
    last_deployed: now,
    deleted: '',
    status: ReleaseStatus.PendingInstall,
    description: 'Initial install underway',
  };
  return release;
}

/** helm's `availableName`: a name in use may be taken again only with `replace`, after an uninstall or a failure. */
async function checkNameAvailable(deps: ActionDeps, name: string, replace: boolean): Promise<Release | undefined> {
  const last = await deps.storage.last(name);
  if (!last) return undefined;
  const reusable = last.info.status === ReleaseStatus.Uninstalled || last.info.status === ReleaseStatus.Failed;
  if (replace && reusable) return last;
  throw new HelmActionError(
    'install',
    `cannot re-use a name that is still in use: release "${name}" is ${last.info.status}`,
  );
}

/** helm's `replaceRelease`: the new release takes the next revision and supersedes the last one unless it failed. */
async function replacePrevious(deps: ActionDeps, release: Release, previous: Release): Promise<void> {
  release.version = previous.version + 1;
  if (previous.info.status === ReleaseStatus.Failed) return;
  setStatus(previous, ReleaseStatus.Superseded, 'superseded by new release');
  await deps.storage.update(previous);
}

async function createNamespace(deps: ActionDeps, name: string): Promise<void> {
  const type = await deps.manager.mapper.resourceFor('v1', 'Namespace');
  try {
    await deps.client.create(type, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { name } } });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
