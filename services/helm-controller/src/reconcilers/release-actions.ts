import { EventSeverity, HelmCondition, HelmReason, type HelmReleaseSnapshot } from '@driftless/api';
import {
  type ActionDeps,
  CrdPolicy,
  install,
  type Release,
  ReleaseStatus,
  type RenderedRelease,
  rollback,
  snapshotOf,
  testRelease,
  uninstall,
  upgrade,
} from '@driftless/helm';
import { deleteCondition, parseDuration, type ReconcileContext, setCondition } from '@driftless/runtime';
import { recordBaseline } from './drift-step.js';
import type { HelmDeps, HelmReleaseObject } from './helm-release-object.js';
import { ActionMessage } from './release-conditions.js';
import { postRenderersDigest } from './release-state.js';
import { recordFailure } from './remediation.js';

export type ReleaseAction =
  | { type: 'release'; action: 'install' | 'upgrade' }
  | { type: 'test'; release: Release }
  | { type: 'unlock'; release: Release }
  | { type: 'remediate'; strategy: 'rollback'; release: Release; target: HelmReleaseSnapshot }
  | { type: 'remediate'; strategy: 'uninstall'; release: Release };

export interface ActionOutcome {
  /** The release as stored after the action, when there is one. */
  release?: Release;
  /** Set by a test run: every test hook's last run (`{}` when the chart has none). */
  testHooks?: HelmReleaseSnapshot['testHooks'];
}

const defaultTimeoutMs = 5 * 60_000;
const defaultMaxHistory = 5;

/** Runs one action of the atomic release, and records its result in conditions, counters and an event. */
export function releaseActions(
  deps: HelmDeps,
  ctx: ReconcileContext,
  object: HelmReleaseObject,
  actionDeps: ActionDeps,
  render: () => Promise<RenderedRelease>,
) {
  const spec = object.spec;
  const timeout = (own?: string) => {
    const value = own ?? spec.timeout;
    return value ? parseDuration(value) : defaultTimeoutMs;
  };
  const maxHistory = spec.maxHistory ?? defaultMaxHistory;
  const emit = (severity: EventSeverity, reason: string, message: string, revision: string) =>
    ctx.events.emit(object, severity, message, { reason, metadata: { revision } });
  const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

  async function release(action: 'install' | 'upgrade'): Promise<ActionOutcome> {
    object.status!.lastAttemptedReleaseAction = action;
    let rendered: RenderedRelease | undefined;
    try {
      rendered = await render();
      const stored =
        action === 'install'
          ? await install(actionDeps, rendered, {
              timeoutMs: timeout(spec.install?.timeout),
              wait: !spec.install?.disableWait,
              waitForJobs: !spec.install?.disableWaitForJobs,
              disableHooks: spec.install?.disableHooks ?? false,
              crds: spec.install?.skipCRDs ? CrdPolicy.Skip : (spec.install?.crds ?? CrdPolicy.Create),
              createNamespace: spec.install?.createNamespace ?? false,
              replace: spec.install?.replace ?? false,
              maxHistory,
            })
          : await upgrade(actionDeps, rendered, {
              timeoutMs: timeout(spec.upgrade?.timeout),
              wait: !spec.upgrade?.disableWait,
              waitForJobs: !spec.upgrade?.disableWaitForJobs,
              disableHooks: spec.upgrade?.disableHooks ?? false,
              crds: spec.upgrade?.crds ?? CrdPolicy.Skip,
              force: spec.upgrade?.force ?? false,
              cleanupOnFail: spec.upgrade?.cleanupOnFail ?? false,
              maxHistory,
            });
      const snapshot = snapshotOf(stored);
      const message =
        action === 'install' ? ActionMessage.installSucceeded(snapshot) : ActionMessage.upgradeSucceeded(snapshot);
      const reason = action === 'install' ? HelmReason.InstallSucceeded : HelmReason.UpgradeSucceeded;
      setCondition(object, { type: HelmCondition.Released, status: 'True', reason, message });
      deleteCondition(object, HelmCondition.Remediated);
      deleteCondition(object, HelmCondition.TestSuccess);
      object.status!.observedPostRenderersDigest = postRenderersDigest(object) || undefined;
      await recordBaseline(deps, object, actionDeps, stored);
      await emit(EventSeverity.Info, reason, message, snapshot.chartVersion);
      return { release: stored };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      recordFailure(object, action);
      const failed = (error as { release?: Release }).release;
      const snapshot = failed ? snapshotOf(failed) : pendingSnapshot(object, rendered);
      const message =
        action === 'install'
          ? ActionMessage.installFailed(snapshot, errorText(error))
          : ActionMessage.upgradeFailed(snapshot, errorText(error));
      const reason = action === 'install' ? HelmReason.InstallFailed : HelmReason.UpgradeFailed;
      setCondition(object, { type: HelmCondition.Released, status: 'False', reason, message });
      await emit(EventSeverity.Error, reason, message, snapshot.chartVersion);
      return { release: failed };
    }
  }

  async function test(current: Release): Promise<ActionOutcome> {
    const snapshot = snapshotOf(current);
    try {
      const tested = await testRelease(actionDeps, current, {
        timeoutMs: timeout(spec.test?.timeout),
        filters: spec.test?.filters,
      });
      const testHooks = testHooksOf(tested);
      const count = Object.keys(testHooks).length;
      const hooks = count === 0 ? 'no test hooks' : `${count} test hook(s) completed successfully`;
      const message = ActionMessage.testSucceeded(snapshot, hooks);
      setCondition(object, {
        type: HelmCondition.TestSuccess,
        status: 'True',
        reason: HelmReason.TestSucceeded,
        message,
      });
      await emit(EventSeverity.Info, HelmReason.TestSucceeded, message, snapshot.chartVersion);
      return { release: tested, testHooks };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const failed = (error as { release?: Release }).release ?? current;
      const message = ActionMessage.testFailed(snapshot, errorText(error));
      setCondition(object, {
        type: HelmCondition.TestSuccess,
        status: 'False',
        reason: HelmReason.TestFailed,
        message,
      });
      if (!(spec.test?.ignoreFailures ?? false)) {
        recordFailure(object, object.status?.lastAttemptedReleaseAction ?? 'install');
      }
      await emit(EventSeverity.Error, HelmReason.TestFailed, message, snapshot.chartVersion);
      return { release: failed, testHooks: testHooksOf(failed) };
    }
  }

  async function unlock(stale: Release): Promise<ActionOutcome> {
    const unlocked: Release = {
      ...stale,
      info: {
        ...stale.info,
        status: ReleaseStatus.Failed,
        description: `Release unlocked from stale '${stale.info.status}' state`,
      },
    };
    await actionDeps.storage.update(unlocked);
    const snapshot = snapshotOf(unlocked);
    await emit(
      EventSeverity.Info,
      'PendingRelease',
      `Unlocked Helm release ${snapshot.namespace}/${snapshot.name}.v${snapshot.version} with chart ${snapshot.chartName}@${snapshot.chartVersion} from stale '${stale.info.status}' state`,
      snapshot.chartVersion,
    );
    return { release: unlocked };
  }

  async function rollbackTo(current: Release, target: HelmReleaseSnapshot): Promise<ActionOutcome> {
    try {
      const restored = await rollback(actionDeps, current.name, {
        version: target.version,
        timeoutMs: timeout(spec.rollback?.timeout),
        wait: !spec.rollback?.disableWait,
        waitForJobs: !spec.rollback?.disableWaitForJobs,
        disableHooks: spec.rollback?.disableHooks ?? false,
        force: spec.rollback?.force ?? false,
        recreate: spec.rollback?.recreate ?? false,
        cleanupOnFail: spec.rollback?.cleanupOnFail ?? false,
        maxHistory,
      });
      const message = ActionMessage.rollbackSucceeded(target);
      setCondition(object, {
        type: HelmCondition.Remediated,
        status: 'True',
        reason: HelmReason.RollbackSucceeded,
        message,
      });
      await recordBaseline(deps, object, actionDeps, restored);
      await emit(EventSeverity.Info, HelmReason.RollbackSucceeded, message, target.chartVersion);
      return { release: restored };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const message = ActionMessage.rollbackFailed(target, errorText(error));
      setCondition(object, {
        type: HelmCondition.Remediated,
        status: 'False',
        reason: HelmReason.RollbackFailed,
        message,
      });
      await emit(EventSeverity.Error, HelmReason.RollbackFailed, message, target.chartVersion);
      return { release: (error as { release?: Release }).release };
    }
  }

  async function uninstallRemediation(current: Release): Promise<ActionOutcome> {
    const snapshot = snapshotOf(current);
    try {
      const removed = await uninstall(actionDeps, current.name, uninstallOptions(object));
      deps.applied.forget(`${object.metadata.namespace}/${object.metadata.name}`);
      const message = ActionMessage.uninstallSucceeded(snapshot);
      setCondition(object, {
        type: HelmCondition.Remediated,
        status: 'True',
        reason: HelmReason.UninstallSucceeded,
        message,
      });
      await emit(EventSeverity.Info, HelmReason.UninstallSucceeded, message, snapshot.chartVersion);
      return { release: removed };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const message = ActionMessage.uninstallFailed(snapshot, errorText(error));
      setCondition(object, {
        type: HelmCondition.Remediated,
        status: 'False',
        reason: HelmReason.UninstallFailed,
        message,
      });
      await emit(EventSeverity.Error, HelmReason.UninstallFailed, message, snapshot.chartVersion);
      return {};
    }
  }

  return async function run(action: ReleaseAction): Promise<ActionOutcome> {
    switch (action.type) {
      case 'release':
        return release(action.action);
      case 'test':
        return test(action.release);
      case 'unlock':
        return unlock(action.release);
      case 'remediate':
        return action.strategy === 'rollback'
          ? rollbackTo(action.release, action.target)
          : uninstallRemediation(action.release);
    }
  };
}

/** HelmRelease spec.uninstall as the uninstall action's options. */
export function uninstallOptions(object: HelmReleaseObject) {
  const spec = object.spec.uninstall;
  const own = spec?.timeout ?? object.spec.timeout;
  return {
    timeoutMs: own ? parseDuration(own) : defaultTimeoutMs,
    wait: !spec?.disableWait,
    disableHooks: spec?.disableHooks ?? false,
    keepHistory: spec?.keepHistory ?? false,
    deletionPropagation: spec?.deletionPropagation ?? 'background',
  } as const;
}

function testHooksOf(release: Release): NonNullable<HelmReleaseSnapshot['testHooks']> {
  return snapshotOf(release).testHooks ?? {};
}

/** What a failed action that stored nothing is about: the rendered chart, or what the spec names. */
function pendingSnapshot(object: HelmReleaseObject, rendered: RenderedRelease | undefined): HelmReleaseSnapshot {
  const chart = rendered?.release.chart.metadata;
  return {
    digest: '',
    name: rendered?.release.name ?? object.spec.releaseName ?? object.metadata.name,
    namespace: rendered?.release.namespace ?? object.spec.targetNamespace ?? object.metadata.namespace,
    version: 0,
    status: 'pending',
    chartName: chart?.name ?? object.spec.chart?.spec.chart ?? object.spec.chartRef?.name ?? '',
    chartVersion: chart?.version ?? object.status?.lastAttemptedRevision ?? '',
    configDigest: object.status?.lastAttemptedConfigDigest ?? '',
    firstDeployed: '',
    lastDeployed: '',
  };
}
