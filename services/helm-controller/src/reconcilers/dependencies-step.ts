import { HelmReason } from '@driftless/api';
import { findCycle, type ReconcileContext, StallingError, WaitAnnouncement, WaitingError } from '@driftless/runtime';
import {
  type HelmDeps,
  HelmReleaseKind,
  type HelmReleaseObject,
  type HelmReleaseState,
} from './helm-release-object.js';

export interface DependencyRef {
  kind: string;
  namespace: string;
  name: string;
}

export function dependenciesOf(object: HelmReleaseObject): DependencyRef[] {
  return (object.spec.dependsOn ?? []).map((dependency) => ({
    kind: HelmReleaseKind,
    namespace: dependency.namespace ?? object.metadata.namespace,
    name: dependency.name,
  }));
}

export function dependencyKey(ref: DependencyRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/**
 * Waits until every HelmRelease it depends on is ready for its latest generation (the readiness every
 * controller publishes on NATS); a cycle stalls instead of waiting forever.
 */
export function checkDependencies(deps: HelmDeps) {
  return async function checkDependencies(_ctx: ReconcileContext, object: HelmReleaseObject, _state: HelmReleaseState) {
    const dependencies = dependenciesOf(object);
    if (dependencies.length === 0) return;
    const informer = deps.helmReleases();
    const self = dependencyKey({ kind: HelmReleaseKind, ...object.metadata });
    const cycle = findCycle(self, (node) => {
      const [, namespace, name] = node.split('/');
      const found = node === self ? object : informer.get(`${namespace}/${name}`);
      return found ? dependenciesOf(found).map(dependencyKey) : [];
    });
    if (cycle) {
      throw new StallingError(HelmReason.DependencyNotReady, `circular dependency: ${cycle.join(' -> ')}`);
    }
    for (const dependency of dependencies) {
      const problem = notReady(deps, dependency);
      if (problem) {
        throw new WaitingError(
          HelmReason.DependencyNotReady,
          `dependency '${dependency.namespace}/${dependency.name}' ${problem}`,
          deps.dependencyRequeueMs,
          { announce: WaitAnnouncement.Info },
        );
      }
    }
  };
}

function notReady(deps: HelmDeps, ref: DependencyRef): string | undefined {
  const dependency = deps.helmReleases().get(`${ref.namespace}/${ref.name}`);
  if (dependency) {
    if (dependency.spec.suspend) return 'is suspended';
    if (dependency.status?.observedGeneration !== dependency.metadata.generation) return 'is not ready';
  }
  const readiness = deps.readiness.get(ref);
  if (!readiness) return dependency ? 'is not ready' : 'not found';
  return readiness.ready ? undefined : `is not ready: ${readiness.message || readiness.reason}`;
}
