import { ConditionType, KustomizeReason } from '@driftless/api';
import {
  findCycle,
  getCondition,
  type ReconcileContext,
  StallingError,
  WaitAnnouncement,
  WaitingError,
} from '@driftless/runtime';

import type { KustomizationObject, KustomizationState, KustomizeDeps } from './kustomization-object.js';

export const KustomizationKind = 'Kustomization';

export interface DependencyRef {
  kind: string;
  namespace: string;
  name: string;
}

/** The dependsOn entries of a Kustomization, each with its kind and namespace filled in. */
export function dependenciesOf(object: KustomizationObject): DependencyRef[] {
  return (object.spec.dependsOn ?? []).map((dependency) => ({
    kind: dependency.kind ?? KustomizationKind,
    namespace: dependency.namespace ?? object.metadata.namespace,
    name: dependency.name,
  }));
}

export function dependencyKey(ref: DependencyRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/**
 * Waits until every dependency is ready at its latest revision, as Flux does: a Kustomization
 * dependency must be Ready for its current generation and have applied its source's latest artifact;
 * another kind (a HelmRelease) is read from the readiness bucket. A cycle stalls instead of waiting forever.
 */
export function checkDependencies(deps: KustomizeDeps) {
  return async function checkDependencies(
    _ctx: ReconcileContext,
    object: KustomizationObject,
    _state: KustomizationState,
  ) {
    const dependencies = dependenciesOf(object);
    if (dependencies.length === 0) return;
    const informer = deps.kustomizations();
    const self = dependencyKey({ kind: KustomizationKind, ...object.metadata });
    const cycle = findCycle(self, (node) => {
      const [kind, namespace, name] = node.split('/');
      if (kind !== KustomizationKind) return [];
      const found = node === self ? object : informer.get(`${namespace}/${name}`);
      return found ? dependenciesOf(found).map(dependencyKey) : [];
    });
    if (cycle) {
      throw new StallingError(KustomizeReason.DependencyNotReady, `circular dependency: ${cycle.join(' -> ')}`);
    }
    for (const dependency of dependencies) {
      const problem =
        dependency.kind === KustomizationKind
          ? kustomizationNotReady(deps, dependency)
          : otherKindNotReady(deps, dependency);
      if (problem) {
        throw new WaitingError(
          KustomizeReason.DependencyNotReady,
          `dependency '${dependencyKey(dependency)}' ${problem}`,
          deps.dependencyRequeueMs,
          { announce: WaitAnnouncement.Info },
        );
      }
    }
  };
}

function kustomizationNotReady(deps: KustomizeDeps, ref: DependencyRef): string | undefined {
  const dependency = deps.kustomizations().get(`${ref.namespace}/${ref.name}`);
  if (!dependency) return 'not found';
  if (dependency.spec.suspend) return 'is suspended';
  const ready = getCondition(dependency, ConditionType.Ready);
  if (ready?.status !== 'True' || dependency.status?.observedGeneration !== dependency.metadata.generation) {
    return 'is not ready';
  }
  const source = dependency.spec.sourceRef;
  const latest = deps.artifacts.get({
    kind: source.kind,
    namespace: source.namespace ?? ref.namespace,
    name: source.name,
  });
  if (latest && dependency.status?.lastAppliedRevision !== latest.revision) {
    return `is not ready: revision ${latest.revision} is not applied yet`;
  }
  return undefined;
}

function otherKindNotReady(deps: KustomizeDeps, ref: DependencyRef): string | undefined {
  const readiness = deps.readiness.get(ref);
  if (!readiness) return 'not found in the readiness bucket';
  return readiness.ready ? undefined : `is not ready: ${readiness.message || readiness.reason}`;
}
