import { FluxAnnotation, HelmReason, type HelmReleaseSnapshot, ReconcileRequestAnnotation } from '@driftless/api';
import {
  type Release,
  type RenderedRelease,
  releaseDigest,
  renderRelease,
  renderRequestOf,
  snapshotOf,
  valuesChecksum,
} from '@driftless/helm';
import {
  deleteCondition,
  getCondition,
  type ReconcileContext,
  StallingError,
  WaitAnnouncement,
  WaitingError,
} from '@driftless/runtime';
import { correctDrift } from './drift-step.js';
import {
  actionDepsOf,
  type HelmDeps,
  type HelmReleaseObject,
  type HelmReleaseState,
  releaseNameOf,
  storageNamespaceOf,
} from './helm-release-object.js';
import { type ActionOutcome, type ReleaseAction, releaseActions } from './release-actions.js';
import { summarizeReady } from './release-conditions.js';
import { type DesiredRelease, determineState, postRenderersDigest, ReleaseState } from './release-state.js';
import {
  activeRemediation,
  clearFailures,
  mustIgnoreTestFailures,
  mustRemediateLastFailure,
  RemediationStrategy,
  retriesExhausted,
} from './remediation.js';
import { retryIntervalMs } from './retry.js';

const maxActionsPerReconcile = 6;

/**
 * Flux's atomic release: look at the release in storage, pick the next action (install, upgrade, test,
 * rollback or uninstall remediation, unlock), run it, and look again, until the release is in sync or
 * the remediation rules say stop. Each action records its snapshot, conditions and event.
 */
export function reconcileRelease(deps: HelmDeps) {
  return async function reconcileRelease(ctx: ReconcileContext, object: HelmReleaseObject, state: HelmReleaseState) {
    const actionDeps = actionDepsOf(deps, object, ctx.logger);
    const storage = actionDeps.storage;
    const desired = desiredRelease(object, state);
    const force = handleRequests(object);
    observeAttempt(object, state, desired);
    object.status!.storageNamespace = storageNamespaceOf(object);

    const run = releaseActions(deps, ctx, object, actionDeps, () => render(deps, ctx, object, state));
    const performed: ReleaseAction['type'][] = [];
    for (let step = 0; step < maxActionsPerReconcile; step++) {
      const name = releaseNameOf(object);
      const last = await storage.last(name);
      const current = object.status?.history?.[0];
      const remediation = activeRemediation(object);
      const determined = determineState(
        object,
        last,
        current,
        last ? releaseDigest(last, { ociDigest: current?.ociDigest }) : undefined,
        desired,
        mustIgnoreTestFailures(object, remediation),
      );
      ctx.logger.debug({ state: determined.state, reason: determined.reason }, 'release state');
      const next = nextAction(object, determined.state, force, last, current);
      if (!next) {
        deleteCondition(object, 'Reconciling');
        summarizeReady(object);
        if (last && determined.state === ReleaseState.InSync) {
          await correctDrift(deps, ctx, object, actionDeps, last);
        }
        return;
      }
      if (!mayRun(next.type, performed)) return requeueAfterFailure(object);
      const outcome: ActionOutcome = await run(next);
      performed.push(next.type);
      if (outcome.release)
        recordSnapshot(object, outcome.release, outcome.testHooks, ociDigestOf(next, desired, current));
      if (next.type === 'remediate') return afterRemediation(object);
    }
    return requeueAfterFailure(object);
  };
}

/** Which action the state calls for; undefined when there is nothing to do (Flux's `actionForState`). */
function nextAction(
  object: HelmReleaseObject,
  state: ReleaseState,
  force: boolean,
  last: Release | undefined,
  current: HelmReleaseSnapshot | undefined,
): ReleaseAction | undefined {
  switch (state) {
    case ReleaseState.InSync:
      return force ? { type: 'release', action: 'upgrade' } : undefined;
    case ReleaseState.Locked:
      return { type: 'unlock', release: last! };
    case ReleaseState.Absent: {
      const remediation = activeRemediation(object);
      if (remediation?.action === 'install' && retriesExhausted(remediation) && !force) {
        throw retriesExceeded(object, remediation.failures);
      }
      return { type: 'release', action: 'install' };
    }
    case ReleaseState.Unmanaged:
      object.status!.history = [];
      return { type: 'release', action: 'upgrade' };
    case ReleaseState.OutOfSync: {
      const remediation = activeRemediation(object);
      if (remediation?.action === 'upgrade' && retriesExhausted(remediation) && !force) {
        throw retriesExceeded(object, remediation.failures);
      }
      return { type: 'release', action: 'upgrade' };
    }
    case ReleaseState.Untested:
      return { type: 'test', release: last! };
    case ReleaseState.Failed: {
      const remediation = activeRemediation(object);
      if (!remediation || remediation.failures <= 0 || force) return { type: 'release', action: 'upgrade' };
      if (retriesExhausted(remediation) && !mustRemediateLastFailure(remediation)) {
        throw retriesExceeded(object, remediation.failures);
      }
      if (remediation.strategy === RemediationStrategy.Uninstall) {
        return { type: 'remediate', strategy: 'uninstall', release: last! };
      }
      const target = previousSuccessful(object, current, mustIgnoreTestFailures(object, remediation));
      if (!target) {
        throw new StallingError(
          'MissingRollbackTarget',
          'Failed to perform remediation: no previous release to roll back to',
          {
            keepReady: true,
          },
        );
      }
      return { type: 'remediate', strategy: 'rollback', release: last!, target };
    }
  }
}

/** One release action (install/upgrade) and one remediation per reconcile, as Flux's default strategy. */
function mayRun(type: ReleaseAction['type'], performed: readonly ReleaseAction['type'][]): boolean {
  if (type === 'release' || type === 'remediate') return !performed.includes(type) && !performed.includes('remediate');
  return true;
}

function previousSuccessful(
  object: HelmReleaseObject,
  current: HelmReleaseSnapshot | undefined,
  ignoreTestFailures: boolean,
): HelmReleaseSnapshot | undefined {
  return (object.status?.history ?? []).find(
    (snapshot) =>
      snapshot.version !== current?.version &&
      (snapshot.status === 'deployed' || snapshot.status === 'superseded') &&
      (ignoreTestFailures || !Object.values(snapshot.testHooks ?? {}).some((hook) => hook.phase === 'Failed')),
  );
}

function retriesExceeded(object: HelmReleaseObject, failures: number): StallingError {
  summarizeReady(object);
  const action = object.status?.lastAttemptedReleaseAction ?? 'release';
  return new StallingError('RetriesExceeded', `Failed to ${action} after ${failures} attempt(s)`, { keepReady: true });
}

/** After a remediation: retry later while retries remain, otherwise stall until the object changes. */
function afterRemediation(object: HelmReleaseObject): never {
  const remediation = activeRemediation(object);
  if (remediation && retriesExhausted(remediation)) throw retriesExceeded(object, remediation.failures);
  return requeueAfterFailure(object);
}

/** Ready says what failed (summarized); the next attempt comes with a growing delay capped at the interval. */
function requeueAfterFailure(object: HelmReleaseObject): never {
  summarizeReady(object);
  const ready = getCondition(object, 'Ready');
  const failures = object.status?.failures ?? 0;
  const delay = Math.min(retryIntervalMs(object), 1000 * 2 ** Math.min(failures, 8));
  throw new WaitingError(ready?.reason ?? HelmReason.UpgradeFailed, ready?.message ?? 'release failed', delay, {
    announce: WaitAnnouncement.Silent,
  });
}

/** The OCI artifact a release came from: the one just used, the rollback target's, or the current one's. */
function ociDigestOf(
  action: ReleaseAction,
  desired: DesiredRelease,
  current: HelmReleaseSnapshot | undefined,
): string | undefined {
  if (action.type === 'release') return desired.ociDigest;
  if (action.type === 'remediate' && action.strategy === 'rollback') return action.target.ociDigest;
  return current?.ociDigest;
}

/** Puts the snapshot of a release first in status.history (replacing an older copy of the same version). */
function recordSnapshot(
  object: HelmReleaseObject,
  release: Release,
  testHooks: HelmReleaseSnapshot['testHooks'] | undefined,
  ociDigest: string | undefined,
): void {
  const snapshot = snapshotOf(release, { ociDigest });
  if (testHooks !== undefined) snapshot.testHooks = testHooks;
  const history = (object.status!.history ?? []).filter(
    (entry) => !(entry.version === snapshot.version && entry.name === snapshot.name),
  );
  object.status!.history = [snapshot, ...history].slice(0, 5);
}

/** `reconcile.fluxcd.io/resetAt` clears the failure counts and `forceAt` forces one upgrade, when paired with requestedAt. */
function handleRequests(object: HelmReleaseObject): boolean {
  object.status ??= {};
  const annotations = object.metadata.annotations ?? {};
  const requested = annotations[ReconcileRequestAnnotation];
  const resetAt = annotations[FluxAnnotation.HelmResetRequest];
  if (resetAt && resetAt === requested && resetAt !== object.status.lastHandledResetAt) {
    object.status.lastHandledResetAt = resetAt;
    clearFailures(object);
  }
  const forceAt = annotations[FluxAnnotation.HelmForceRequest];
  if (forceAt && forceAt === requested && forceAt !== object.status.lastHandledForceAt) {
    object.status.lastHandledForceAt = forceAt;
    return true;
  }
  return false;
}

/** A new generation, chart or values is a new attempt: the failure counts start again (Flux). */
function observeAttempt(object: HelmReleaseObject, state: HelmReleaseState, desired: DesiredRelease): void {
  const status = object.status!;
  const revision = attemptedRevision(state);
  const changed =
    status.lastAttemptedGeneration !== object.metadata.generation ||
    status.lastAttemptedRevision !== revision ||
    status.lastAttemptedConfigDigest !== desired.valuesDigest;
  if (changed) clearFailures(object);
  status.lastAttemptedGeneration = object.metadata.generation;
  status.lastAttemptedRevision = revision;
  if (desired.ociDigest) status.lastAttemptedRevisionDigest = desired.ociDigest;
  else delete status.lastAttemptedRevisionDigest;
  status.lastAttemptedConfigDigest = desired.valuesDigest;
  status.lastAttemptedValuesChecksum = valuesChecksum(state.values ?? {});
}

/** A HelmChart's revision is its chart version; an OCIRepository's is `<tag>@sha256:<hex>`. */
function attemptedRevision(state: HelmReleaseState): string {
  const artifact = state.chart!.artifact;
  if (state.chart!.source.kind !== 'OCIRepository') return artifact.revision;
  const [tag, digest] = artifact.revision.split('@');
  return digest ? `${tag}+${digest.replace(/^sha256:/, '').slice(0, 12)}` : artifact.revision;
}

function desiredRelease(object: HelmReleaseObject, state: HelmReleaseState): DesiredRelease {
  const artifact = state.chart!.artifact;
  const oci = state.chart!.source.kind === 'OCIRepository';
  return {
    chartVersion: oci ? undefined : artifact.revision,
    ociDigest: oci ? artifact.revision.split('@')[1] : undefined,
    valuesDigest: state.valuesDigest!,
    postRenderersDigest: postRenderersDigest(object),
  };
}

/** The chart rendered by the real helm with this HelmRelease's values, post-renderers and origin labels. */
export function render(
  deps: HelmDeps,
  ctx: ReconcileContext,
  object: HelmReleaseObject,
  state: HelmReleaseState,
): Promise<RenderedRelease> {
  return renderRelease(renderRequestOf(object, state.chart!.path, state.values ?? {}, ctx.signal), {
    helmBinary: deps.helmBinary,
    kubectlBinary: deps.kubectlBinary,
    scratchDir: deps.scratchRoot,
    kubeconfigPath: deps.kubeconfigPath,
    inClusterEnv: deps.inClusterEnv,
    maxOutputBytes: deps.limits.renderMaxOutput,
  });
}
