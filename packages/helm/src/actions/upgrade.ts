import type { Unstructured } from '@driftless/apply';
import { type Release, ReleaseStatus } from '../release/release.js';
import type { RenderedRelease } from '../render/rendered-release.js';
import { type Deadline, errorText, startDeadline, timestamp } from './action-clock.js';
import { type ActionDeps, CrdPolicy, HelmActionError, type WaitFlags } from './action-types.js';
import { applyCrds } from './crds.js';
import { isPending, upgradeBase } from './current-release.js';
import { runHooks } from './hooks.js';
import { surveyObjects } from './ownership.js';
import { inReleaseNamespace, objectsMissingFrom, objectsOfManifest, withOwnership } from './release-objects.js';
import { copyRelease, pruneHistory, recordRelease, setStatus } from './release-record.js';
import { waitForObjects } from './wait-objects.js';
import { applyObjects, deleteCreated, deleteDropped } from './write-objects.js';

export interface UpgradeOptions extends WaitFlags {
  crds: CrdPolicy;
  /** Recreate objects whose immutable fields changed. */
  force: boolean;
  /** Delete the objects this upgrade created when it fails. */
  cleanupOnFail: boolean;
  maxHistory: number;
}

export function defaultUpgradeOptions(): UpgradeOptions {
  return {
    timeoutMs: 5 * 60_000,
    wait: true,
    waitForJobs: false,
    disableHooks: false,
    crds: CrdPolicy.Skip,
    force: false,
    cleanupOnFail: false,
    maxHistory: 0,
  };
}

interface UpgradePlan {
  base: Release;
  upgraded: Release;
  target: Unstructured[];
  previous: Unstructured[];
  /** Target objects that do not exist yet. */
  created: Unstructured[];
}

/**
 * helm upgrade: stores revision last+1 as pending-upgrade, runs the pre-upgrade hooks, applies the
 * new objects and deletes the dropped ones, waits, runs the post-upgrade hooks, then supersedes the
 * revision it started from. On failure the new revision is failed and the old one stays as it was.
 */
export async function upgrade(deps: ActionDeps, rendered: RenderedRelease, options: UpgradeOptions): Promise<Release> {
  const deadline = startDeadline(options.timeoutMs);
  const plan = await planUpgrade(deps, rendered, options, deadline);
  const { upgraded } = plan;
  await deps.storage.create(upgraded);
  let applied = false;
  try {
    if (!options.disableHooks) await runHooks(deps, upgraded, 'pre-upgrade', deadline);
    applied = true;
    await applyObjects(deps, plan.target, options.force);
    await deleteDropped(deps, plan.previous, plan.target);
    if (options.wait) await waitForObjects(deps, plan.target, { waitForJobs: options.waitForJobs, deadline });
    if (!options.disableHooks) await runHooks(deps, upgraded, 'post-upgrade', deadline);
    setStatus(plan.base, ReleaseStatus.Superseded, plan.base.info.description);
    await recordRelease(deps, plan.base);
    setStatus(upgraded, ReleaseStatus.Deployed, 'Upgrade complete');
    await deps.storage.update(upgraded);
    return upgraded;
  } catch (error) {
    setStatus(upgraded, ReleaseStatus.Failed, `Upgrade "${upgraded.name}" failed: ${errorText(error)}`);
    await recordRelease(deps, upgraded);
    const cleanupErrors = options.cleanupOnFail && applied ? await deleteCreated(deps, plan.created) : [];
    const cleanup = cleanupErrors.length > 0 ? `; cleanup failed: ${cleanupErrors.join('; ')}` : '';
    throw new HelmActionError('upgrade', `${upgraded.info.description}${cleanup}`, upgraded, { cause: error });
  } finally {
    await pruneHistory(deps, upgraded.name, options.maxHistory);
  }
}

async function planUpgrade(
  deps: ActionDeps,
  rendered: RenderedRelease,
  options: UpgradeOptions,
  deadline: Deadline,
): Promise<UpgradePlan> {
  const name = rendered.release.name;
  const last = await deps.storage.last(name);
  if (!last) throw new HelmActionError('upgrade', `"${name}" has no deployed releases`);
  if (isPending(last)) {
    throw new HelmActionError(
      'upgrade',
      `another operation (install/upgrade/rollback) is in progress: release "${name}" is ${last.info.status}`,
    );
  }
  const base = await upgradeBase(deps, last);
  if (!base) throw new HelmActionError('upgrade', `"${name}" has no deployed releases`);
  try {
    await applyCrds(deps, rendered.crds, options.crds, deadline.remainingMs());
  } catch (error) {
    throw new HelmActionError('upgrade', `failed to upgrade CRDs: ${errorText(error)}`, undefined, { cause: error });
  }
  const upgraded = pendingUpgrade(rendered.release, base, last);
  const target = (await inReleaseNamespace(deps, rendered.objects, upgraded.namespace)).map((object) =>
    withOwnership(object, upgraded),
  );
  const previous = await objectsOfManifest(deps, base.manifest, base.namespace);
  try {
    const { absent } = await surveyObjects(deps, objectsMissingFrom(target, previous), upgraded);
    return { base, upgraded, target, previous, created: absent };
  } catch (error) {
    throw new HelmActionError('upgrade', `unable to continue with update: ${errorText(error)}`, undefined, {
      cause: error,
    });
  }
}

function pendingUpgrade(rendered: Release, base: Release, last: Release): Release {
  const upgraded = copyRelease(rendered);
  upgraded.namespace = base.namespace;
  upgraded.version = last.version + 1;
  upgraded.labels = mergeLabels(last.labels, rendered.labels);
  upgraded.info = {
    ...upgraded.info,
    first_deployed: base.info.first_deployed,
    last_deployed: timestamp(),
    deleted: '',
    status: ReleaseStatus.PendingUpgrade,
    description: 'Preparing upgrade',
  };
  return upgraded;
}

/** helm's `mergeCustomLabels`: new labels win, a value of "null" removes the label. */
function mergeLabels(
  current: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!current && !desired) return undefined;
  const merged = { ...current, ...desired };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== 'null'));
}
