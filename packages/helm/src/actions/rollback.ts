import type { Unstructured } from '@driftless/apply';
import { type Release, ReleaseStatus } from '../release/release.js';
import { type Deadline, errorText, startDeadline, timestamp } from './action-clock.js';
import { type ActionDeps, HelmActionError, type WaitFlags } from './action-types.js';
import { deployedReleases } from './current-release.js';
import { runHooks } from './hooks.js';
import { surveyObjects } from './ownership.js';
import { recreatePods } from './recreate-pods.js';
import { objectsMissingFrom, objectsOfManifest, withOwnership } from './release-objects.js';
import { pruneHistory, recordRelease, setStatus } from './release-record.js';
import { waitForObjects } from './wait-objects.js';
import { applyObjects, deleteCreated, deleteDropped } from './write-objects.js';

export interface RollbackOptions extends WaitFlags {
  /** The revision to roll back to; helm's default is the one before the last. */
  version?: number;
  /** Recreate objects whose immutable fields changed. */
  force: boolean;
  /** Delete the Pods of the release's workloads so they restart (helm's `--recreate-pods`). */
  recreate: boolean;
  /** Delete the objects this rollback created when it fails. */
  cleanupOnFail: boolean;
  maxHistory: number;
}

export function defaultRollbackOptions(): RollbackOptions {
  return {
    timeoutMs: 5 * 60_000,
    wait: true,
    waitForJobs: false,
    disableHooks: false,
    force: false,
    recreate: false,
    cleanupOnFail: false,
    maxHistory: 0,
  };
}

interface RollbackPlan {
  current: Release;
  target: Release;
  targetObjects: Unstructured[];
  currentObjects: Unstructured[];
  created: Unstructured[];
}

/**
 * helm rollback: stores revision last+1 holding the chart, values, manifest and hooks of the
 * chosen revision ("Rollback to N"), runs the pre-rollback hooks, applies it, deletes what it does
 * not have, waits, runs the post-rollback hooks, then supersedes every deployed revision.
 */
export async function rollback(deps: ActionDeps, name: string, options: RollbackOptions): Promise<Release> {
  const deadline = startDeadline(options.timeoutMs);
  const plan = await planRollback(deps, name, options);
  const { target } = plan;
  await deps.storage.create(target);
  const progress: RollbackProgress = { stage: 'pre-rollback hooks' };
  try {
    await performRollback(deps, plan, options, deadline, progress);
  } catch (error) {
    await failRollback(deps, plan, progress.stage, error);
    const cleanupErrors =
      options.cleanupOnFail && progress.stage !== 'pre-rollback hooks' ? await deleteCreated(deps, plan.created) : [];
    const cleanup = cleanupErrors.length > 0 ? `; cleanup failed: ${cleanupErrors.join('; ')}` : '';
    await pruneHistory(deps, name, options.maxHistory);
    throw new HelmActionError('rollback', `${target.info.description}${cleanup}`, target, { cause: error });
  }
  for (const deployed of await deployedReleases(deps, name)) {
    setStatus(deployed, ReleaseStatus.Superseded, deployed.info.description);
    await recordRelease(deps, deployed);
  }
  setStatus(target, ReleaseStatus.Deployed, target.info.description);
  await deps.storage.update(target);
  await pruneHistory(deps, name, options.maxHistory);
  return target;
}

type RollbackStage = 'pre-rollback hooks' | 'apply' | 'wait' | 'post-rollback hooks';

interface RollbackProgress {
  stage: RollbackStage;
}

async function performRollback(
  deps: ActionDeps,
  plan: RollbackPlan,
  options: RollbackOptions,
  deadline: Deadline,
  progress: RollbackProgress,
): Promise<void> {
  if (!options.disableHooks) await runHooks(deps, plan.target, 'pre-rollback', deadline);
  progress.stage = 'apply';
  await applyObjects(deps, plan.targetObjects, options.force);
  await deleteDropped(deps, plan.currentObjects, plan.targetObjects);
  if (options.recreate) await recreatePods(deps, plan.targetObjects);
  progress.stage = 'wait';
  if (options.wait) await waitForObjects(deps, plan.targetObjects, { waitForJobs: options.waitForJobs, deadline });
  progress.stage = 'post-rollback hooks';
  if (!options.disableHooks) await runHooks(deps, plan.target, 'post-rollback', deadline);
}

/**
 * helm's wording: `Rollback "x" failed` when the apply failed (and then the release rolled back
 * from is superseded), `Release "x" failed` when the wait did. helm leaves a release whose rollback
 * hooks failed pending; it is marked failed here so that it does not block the next action.
 */
async function failRollback(deps: ActionDeps, plan: RollbackPlan, stage: RollbackStage, error: unknown): Promise<void> {
  const { current, target } = plan;
  if (stage === 'apply') {
    setStatus(current, ReleaseStatus.Superseded, current.info.description);
    await recordRelease(deps, current);
  }
  const failure = stage === 'wait' ? `Release "${target.name}" failed` : `Rollback "${target.name}" failed`;
  setStatus(target, ReleaseStatus.Failed, `${failure}: ${errorText(error)}`);
  await recordRelease(deps, target);
}

async function planRollback(deps: ActionDeps, name: string, options: RollbackOptions): Promise<RollbackPlan> {
  const current = await deps.storage.last(name);
  if (!current) throw new HelmActionError('rollback', `release "${name}" not found`);
  const version = options.version ?? current.version - 1;
  const chosen = version > 0 ? await deps.storage.get(name, version) : undefined;
  if (!chosen) throw new HelmActionError('rollback', `release "${name}" has no ${version} version`);
  const target: Release = {
    name,
    namespace: current.namespace,
    chart: structuredClone(chosen.chart),
    config: structuredClone(chosen.config),
    manifest: chosen.manifest,
    hooks: structuredClone(chosen.hooks),
    labels: chosen.labels ? { ...chosen.labels } : undefined,
    version: current.version + 1,
    info: {
      first_deployed: current.info.first_deployed,
      last_deployed: timestamp(),
      deleted: '',
      status: ReleaseStatus.PendingRollback,
      notes: chosen.info.notes,
      description: `Rollback to ${version}`,
    },
  };
  const targetObjects = (await objectsOfManifest(deps, target.manifest, target.namespace)).map((object) =>
    withOwnership(object, target),
  );
  const currentObjects = await objectsOfManifest(deps, current.manifest, current.namespace);
  try {
    const { absent } = await surveyObjects(deps, objectsMissingFrom(targetObjects, currentObjects), target);
    return { current, target, targetObjects, currentObjects, created: absent };
  } catch (error) {
    throw new HelmActionError('rollback', `unable to continue with rollback: ${errorText(error)}`, undefined, {
      cause: error,
    });
  }
}
