import { EventSeverity, FluxFinalizer, HelmReason } from '@driftless/api';
import { snapshotOf, uninstall } from '@driftless/helm';
import { NotFoundError, type ReconcileContext, type Reconciler, StallingError } from '@driftless/runtime';
import { ensureChart, loadChart } from './chart-step.js';
import { checkDependencies } from './dependencies-step.js';
import {
  actionDepsOf,
  type HelmDeps,
  type HelmReleaseObject,
  type HelmReleaseState,
  helmChartType,
  helmReleaseType,
  objectKeyOf,
  ownedChartOf,
  releaseNameOf,
} from './helm-release-object.js';
import { uninstallOptions } from './release-actions.js';
import { ActionMessage } from './release-conditions.js';
import { reconcileRelease } from './release-step.js';
import { loadValues } from './values-step.js';

/**
 * HelmRelease: dependencies, chart, values, then the atomic release (install, upgrade, test,
 * remediation, drift correction). Deleting it uninstalls the release and removes the HelmChart it owns.
 */
export function helmReleaseReconciler(deps: HelmDeps): Reconciler<HelmReleaseObject, HelmReleaseState> {
  async function checkSupported(_ctx: ReconcileContext, object: HelmReleaseObject) {
    if (object.spec.kubeConfig) {
      throw new StallingError(
        HelmReason.InitFailed,
        'spec.kubeConfig (releasing to a remote cluster) is not supported by this controller yet',
      );
    }
  }

  async function cleanup(ctx: ReconcileContext, object: HelmReleaseObject) {
    deps.applied.forget(objectKeyOf(object));
    const actionDeps = actionDepsOf(deps, object, ctx.logger);
    const last = await actionDeps.storage.last(releaseNameOf(object));
    if (last && last.info.status !== 'uninstalled') {
      await uninstall(actionDeps, last.name, uninstallOptions(object));
      await ctx.events.emit(object, EventSeverity.Info, ActionMessage.uninstallSucceeded(snapshotOf(last)), {
        reason: HelmReason.UninstallSucceeded,
        metadata: { revision: last.chart.metadata.version },
      });
    }
    const chart = ownedChartOf(object);
    if (chart) {
      try {
        await ctx.client.delete(helmChartType, { namespace: chart.namespace, name: chart.name });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
  }

  return {
    type: helmReleaseType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [
      checkSupported,
      checkDependencies(deps),
      ensureChart,
      loadChart(deps),
      loadValues(deps),
      reconcileRelease(deps),
    ],
    cleanup,
    eventMetadata: (object) => ({ revision: object.status?.lastAttemptedRevision ?? '' }),
    announceSuccess: false,
    announceRecovery: false,
  };
}
