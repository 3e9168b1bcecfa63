import { ConditionType, EventSeverity, FluxFinalizer, KustomizeReason } from '@driftless/api';
import {
  defaultDeleteOptions,
  formatChangeSet,
  hasChanges,
  type ResourceManager,
  type Unstructured,
} from '@driftless/apply';
import { markTrue, type ReconcileContext, type Reconciler, StallingError } from '@driftless/runtime';
import { applyObjects } from './apply-step.js';
import { buildObjects } from './build-step.js';
import { checkDependencies } from './dependencies-step.js';
import { checkHealth } from './health-step.js';
import { inventoryObject } from './inventory-objects.js';
import {
  type KustomizationObject,
  type KustomizationState,
  type KustomizeDeps,
  kustomizationType,
  objectKeyOf,
} from './kustomization-object.js';
import { ownerLabels, pruneObjects } from './prune-step.js';

/**
 * Kustomization: dependencies, build, apply, prune, health, in Flux's order; a step that fails leaves
 * everything after it undone, so a broken build never prunes and a failed apply never records its revision.
 */
export function kustomizationReconciler(deps: KustomizeDeps): Reconciler<KustomizationObject, KustomizationState> {
  async function checkSupported(_ctx: ReconcileContext, object: KustomizationObject) {
    if (object.spec.kubeConfig) {
      throw new StallingError(
        KustomizeReason.ReconciliationFailed,
        'spec.kubeConfig (applying to a remote cluster) is not supported by this controller yet',
      );
    }
  }

  async function recordRevision(ctx: ReconcileContext, object: KustomizationObject, state: KustomizationState) {
    const revision = state.artifact?.revision ?? '';
    const changed = object.status?.lastAppliedRevision !== revision;
    object.status ??= {};
    object.status.lastAppliedRevision = revision;
    markTrue(object, ConditionType.Ready, KustomizeReason.ReconciliationSucceeded, `Applied revision: ${revision}`);
    const changeSet = state.changeSet ?? { entries: [] };
    if (!(changed || hasChanges(changeSet))) return;
    await ctx.events.emit(object, EventSeverity.Info, formatChangeSet(changeSet) || `Applied revision: ${revision}`, {
      reason: KustomizeReason.ReconciliationSucceeded,
      metadata: { revision },
    });
  }

  return {
    type: kustomizationType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [
      checkSupported,
      checkDependencies(deps),
      buildObjects(deps),
      applyObjects(deps),
      pruneObjects(deps),
      checkHealth(deps),
      recordRevision,
    ],
    async cleanup(ctx, object) {
      deps.records.forget(objectKeyOf(object));
      const policy = object.spec.deletionPolicy ?? 'MirrorPrune';
      const remove =
        policy === 'Delete' || policy === 'WaitForTermination' || (policy === 'MirrorPrune' && object.spec.prune);
      const entries = object.status?.inventory?.entries ?? [];
      if (!remove || entries.length === 0) return;
      const manager = deps.managerFor(deps.clientFor(object));
      const objects = entries.map(inventoryObject);
      await manager.deleteAll(objects, { ...defaultDeleteOptions(), inventoryOwner: ownerLabels(object) });
      if (policy === 'WaitForTermination') await waitUntilGone(manager, objects, ctx.signal);
    },
    eventMetadata: (object, state) => ({
      revision: state.artifact?.revision ?? object.status?.lastAttemptedRevision ?? '',
    }),
    announceSuccess: false,
  };
}

/** deletionPolicy WaitForTermination: the finalizer stays until every deleted object is gone. */
async function waitUntilGone(manager: ResourceManager, objects: Unstructured[], signal: AbortSignal): Promise<void> {
  for (;;) {
    const present = await Promise.all(objects.map((target) => manager.get(target)));
    if (present.every((found) => found === undefined)) return;
    if (signal.aborted) throw signal.reason;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
