import { ConditionType } from '@driftless/api';
import type { ReconcilableObject } from '@driftless/runtime';
import type { CliKind } from '../../context/flux-kinds.js';

/** One object the commands act on, named the way people name it. */
export interface Target {
  kind: CliKind;
  namespace: string;
  name: string;
}

export type FluxObject = ReconcilableObject & {
  status?: ReconcilableObject['status'] & { observedGeneration?: number };
};

/** `GitRepository podinfo in default namespace`, as flux words it. */
export function describeTarget(target: Target): string {
  return `${target.kind.kind} ${target.name} in ${target.namespace} namespace`;
}

export function readyOf(object: FluxObject) {
  return object.status?.conditions?.find((condition) => condition.type === ConditionType.Ready);
}

/**
 * The controller has answered the request made at `requestedAt`: it recorded the request, and Ready
 * says True or False about the current generation (not Unknown, not about an older spec).
 */
export function hasAnswered(object: FluxObject, requestedAt: string): boolean {
  if (object.status?.lastHandledReconcileAt !== requestedAt) return false;
  const ready = readyOf(object);
  if (ready?.status !== 'True' && ready?.status !== 'False') return false;
  const generation = object.metadata.generation;
  if (generation === undefined) return true;
  return (ready.observedGeneration ?? object.status?.observedGeneration) === generation;
}

/** What a successful reconcile achieved, in flux's words. */
export function successMessage(object: FluxObject): string {
  const status = (object.status ?? {}) as Record<string, unknown>;
  const fallback = readyOf(object)?.message || `${object.kind ?? 'object'} reconciliation completed`;
  switch (object.kind) {
    case 'GitRepository':
    case 'HelmRepository':
    case 'HelmChart':
    case 'OCIRepository':
      return withRevision(
        'fetched revision',
        (status.artifact as { revision?: string } | undefined)?.revision,
        fallback,
      );
    case 'Kustomization':
      return withRevision('applied revision', status.lastAppliedRevision, fallback);
    case 'HelmRelease':
      return withRevision('applied revision', status.lastAttemptedRevision, fallback);
    case 'ImageRepository': {
      const count = (status.lastScanResult as { tagCount?: number } | undefined)?.tagCount;
      return count === undefined ? fallback : `scan fetched ${count} tags`;
    }
    case 'ImagePolicy': {
      const ref = status.latestRef as { name?: string; tag?: string } | undefined;
      return ref?.name ? `selected ref ${ref.name}:${ref.tag ?? ''}` : fallback;
    }
    default:
      return fallback;
  }
}

function withRevision(prefix: string, revision: unknown, fallback: string): string {
  return typeof revision === 'string' && revision !== '' ? `${prefix} ${revision}` : fallback;
}

/** The last state seen, for a timeout message: `Ready=False (Reason): message`. */
export function lastSeen(object: FluxObject | undefined): string {
  const ready = object && readyOf(object);
  if (!ready) return 'no Ready condition yet';
  return `Ready=${ready.status} (${ready.reason})${ready.message ? `: ${ready.message}` : ''}`;
}
