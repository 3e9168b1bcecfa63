import { kindDefinitions } from '@driftless/api';
import type { KubeClient, KubeObject } from '@driftless/runtime';
import { fluxResourceType } from '../../context/resource-types.js';

export interface ObjectState {
  /** `Kind/namespace/name`. */
  id: string;
  ready: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  revision: string;
  suspended: boolean;
}

interface StatusLike {
  conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
  lastAppliedRevision?: string;
  lastAttemptedRevision?: string;
  artifact?: { revision?: string };
  latestRef?: { tag?: string };
  lastPushCommit?: string;
}

function revisionOf(status: StatusLike): string {
  return (
    status.lastAppliedRevision ??
    status.artifact?.revision ??
    status.lastAttemptedRevision ??
    status.latestRef?.tag ??
    status.lastPushCommit ??
    ''
  );
}

export function stateOf(kind: string, object: KubeObject): ObjectState {
  const status = (object.status ?? {}) as StatusLike;
  const ready = status.conditions?.find((condition) => condition.type === 'Ready');
  return {
    id: `${kind}/${object.metadata.namespace}/${object.metadata.name}`,
    ready: ready?.status === 'True' || ready?.status === 'False' ? ready.status : 'Unknown',
    reason: ready?.reason ?? 'Progressing',
    message: ready?.message ?? 'waiting for its controller',
    revision: revisionOf(status),
    suspended: (object.spec as { suspend?: boolean } | undefined)?.suspend === true,
  };
}

/** Flux's v1beta3 Providers and Alerts are static: they have no status to converge. */
const staticKinds = new Set(['Provider', 'Alert']);

/** Every Flux object with a status in the cluster, in the design's kind order. */
export async function listObjectStates(client: KubeClient): Promise<ObjectState[]> {
  const states: ObjectState[] = [];
  for (const definition of kindDefinitions.filter((candidate) => !staticKinds.has(candidate.kind))) {
    const list = await client.list(fluxResourceType(definition.kind));
    for (const item of list.items) states.push(stateOf(definition.kind, item));
  }
  return states;
}

/** What changed since the last look: new objects, and objects whose readiness, reason or revision moved. */
export function changedStates(previous: Map<string, ObjectState>, current: ObjectState[]): ObjectState[] {
  return current.filter((state) => {
    const before = previous.get(state.id);
    return (
      !before || before.ready !== state.ready || before.reason !== state.reason || before.revision !== state.revision
    );
  });
}
