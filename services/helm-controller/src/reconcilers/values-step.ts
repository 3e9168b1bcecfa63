import { HelmReason } from '@driftless/api';
import { clusterValuesReader, composeValues, valuesDigest } from '@driftless/helm';
import { type ReconcileContext, WaitingError } from '@driftless/runtime';
import type { HelmDeps, HelmReleaseObject, HelmReleaseState } from './helm-release-object.js';
import { retryIntervalMs } from './retry.js';

/** valuesFrom (ConfigMaps and Secrets of the HelmRelease's namespace) then spec.values, in Flux's order. */
export function loadValues(deps: HelmDeps) {
  return async function loadValues(_ctx: ReconcileContext, object: HelmReleaseObject, state: HelmReleaseState) {
    const read = clusterValuesReader(deps.clientFor(object), object.metadata.namespace);
    try {
      state.values = await composeValues(read, object.spec.valuesFrom, object.spec.values as Record<string, unknown>);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new WaitingError(
        HelmReason.InitFailed,
        `could not load chart values: ${message}`,
        retryIntervalMs(object),
        {
          cause: error,
        },
      );
    }
    state.valuesDigest = valuesDigest(state.values);
  };
}
