import { FluxLabel, KustomizeReason } from '@driftless/api';
import { defaultDeleteOptions, inventoryDiff, inventoryFromObjects } from '@driftless/apply';
import type { ReconcileContext } from '@driftless/runtime';
import { inventoryObject } from './inventory-objects.js';
import type { KustomizationObject, KustomizationState, KustomizeDeps } from './kustomization-object.js';
import { failingAs } from './retry.js';

/** Deletes what left the build (when spec.prune), then records the new inventory. */
export function pruneObjects(deps: KustomizeDeps) {
  return async function pruneObjects(_ctx: ReconcileContext, object: KustomizationObject, state: KustomizationState) {
    const next = inventoryFromObjects(state.objects ?? []);
    const previous = object.status?.inventory;
    if (object.spec.prune && previous) {
      const stale = inventoryDiff(previous, next);
      if (stale.length > 0) {
        const manager = deps.managerFor(deps.clientFor(object));
        const deleted = await failingAs(object, KustomizeReason.PruneFailed, () =>
          manager.deleteAll(stale.map(inventoryObject), {
            ...defaultDeleteOptions(),
            inventoryOwner: ownerLabels(object),
          }),
        );
        state.changeSet = { entries: [...(state.changeSet?.entries ?? []), ...deleted.entries] };
      }
    }
    object.status ??= {};
    object.status.inventory = next;
  };
}

export function ownerLabels(object: KustomizationObject): Record<string, string> {
  return {
    [FluxLabel.KustomizeName]: object.metadata.name,
    [FluxLabel.KustomizeNamespace]: object.metadata.namespace,
  };
}
