import { KustomizeCondition, KustomizeReason, Reason } from '@driftless/api';
import {
  defaultWaitOptions,
  groupOf,
  HealthCheckError,
  hasChanges,
  type ObjectRef,
  waitForHealth,
} from '@driftless/apply';
import {
  deleteCondition,
  markFalse,
  markTrue,
  parseDuration,
  type ReconcileContext,
  WaitingError,
} from '@driftless/runtime';
import type { KustomizationObject, KustomizationState, KustomizeDeps } from './kustomization-object.js';
import { retryIntervalMs } from './retry.js';

const defaultHealthTimeoutMs = 5 * 60_000;

/** spec.wait checks every applied object, spec.healthChecks the ones listed, with kstatus rules. */
export function checkHealth(deps: KustomizeDeps) {
  return async function checkHealth(ctx: ReconcileContext, object: KustomizationObject, state: KustomizationState) {
    const targets = healthTargets(object, state);
    if (targets.length === 0) {
      deleteCondition(object, KustomizeCondition.Healthy);
      return;
    }
    const timeout = object.spec.timeout ?? object.spec.interval;
    try {
      await waitForHealth(
        targets,
        {
          ...defaultWaitOptions(),
          timeoutMs: timeout ? parseDuration(timeout) : defaultHealthTimeoutMs,
          signal: ctx.signal,
        },
        { reader: deps.healthReader(deps.clientFor(object), hasChanges(state.changeSet ?? { entries: [] })) },
      );
    } catch (error) {
      if (!(error instanceof HealthCheckError)) throw error;
      const message = `health check failed after ${error.message}`;
      markFalse(object, KustomizeCondition.Healthy, KustomizeReason.HealthCheckFailed, message);
      throw new WaitingError(KustomizeReason.HealthCheckFailed, message, retryIntervalMs(object), { cause: error });
    }
    markTrue(object, KustomizeCondition.Healthy, Reason.Succeeded, 'Health check passed');
  };
}

function healthTargets(object: KustomizationObject, state: KustomizationState) {
  if (object.spec.wait) {
    return (state.objects ?? []).map((manifest) => ({
      apiVersion: manifest.apiVersion,
      ref: {
        namespace: manifest.metadata.namespace ?? '',
        name: manifest.metadata.name,
        group: groupOf(manifest.apiVersion),
        kind: manifest.kind,
      } satisfies ObjectRef,
    }));
  }
  return (object.spec.healthChecks ?? []).map((check) => {
    const apiVersion = check.apiVersion ?? 'v1';
    return {
      apiVersion,
      ref: { namespace: check.namespace ?? '', name: check.name, group: groupOf(apiVersion), kind: check.kind },
    };
  });
}
