import type { KubeObject } from '../types.js';
import { SimulateMode } from './constants.js';
import { simulateModeOf } from './mode.js';
import { childRef, type WorkloadPlan } from './plan.js';
import { syncRevisionHistory } from './statefulset-revisions.js';
import { asRecord, intOr, type Json, specOf, statusOf, withoutZeros } from './values.js';

interface Rollout {
  replicas: number;
  ready: number;
  updated: number;
  currentRevision: string;
}

/** Where the pods stand once the controller has done all it can. */
function rollout(set: KubeObject, updateRevision: string): Rollout {
  const spec = specOf(set);
  const desired = intOr(spec.replicas, 1);
  const previous = statusOf(set).currentRevision;
  const firstRollout = typeof previous !== 'string' || previous === updateRevision;
  const partition = intOr(asRecord(asRecord(spec.updateStrategy).rollingUpdate).partition, 0);

  if (simulateModeOf(set) !== SimulateMode.Healthy) {
    // The first pod that is not ready stops an OrderedReady set from creating the next one.
    const ordered = spec.podManagementPolicy !== 'Parallel';
    if (firstRollout) {
      const replicas = ordered ? Math.min(1, desired) : desired;
      return { replicas, ready: 0, updated: replicas, currentRevision: updateRevision };
    }
    return { replicas: desired, ready: 0, updated: Math.min(1, desired), currentRevision: previous };
  }
  if (!firstRollout && partition > 0) {
    return { replicas: desired, ready: desired, updated: Math.max(0, desired - partition), currentRevision: previous };
  }
  return { replicas: desired, ready: desired, updated: desired, currentRevision: updateRevision };
}

function statefulSetStatus(set: KubeObject, updateRevision: string): Json {
  const r = rollout(set, updateRevision);
  const current = r.currentRevision === updateRevision ? r.replicas : r.replicas - r.updated;
  return withoutZeros(
    {
      observedGeneration: set.metadata.generation,
      replicas: r.replicas,
      readyReplicas: r.ready,
      currentReplicas: current,
      updatedReplicas: r.updated,
      currentRevision: r.currentRevision,
      updateRevision,
      collisionCount: intOr(statusOf(set).collisionCount, 0),
      availableReplicas: r.ready,
    },
    ['observedGeneration', 'readyReplicas', 'currentReplicas', 'updatedReplicas'],
  );
}

export function simulateStatefulSet(set: KubeObject, children: KubeObject[]): WorkloadPlan {
  const history = syncRevisionHistory(set, children);
  return {
    status: statefulSetStatus(set, history.updateRevision),
    upsertChildren: history.upsert,
    deleteChildren: history.remove.map(childRef),
  };
}
