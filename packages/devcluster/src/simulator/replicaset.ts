import type { KubeObject } from '../types.js';
import { SimulateMode } from './constants.js';
import { simulateModeOf } from './mode.js';
import { intOr, type Json, specOf, withoutZeros } from './values.js';

/** The status the ReplicaSet controller reports once every pod it wants exists (and, if healthy, is ready). */
export function replicaSetStatus(rs: KubeObject, generation = rs.metadata.generation): Json {
  const replicas = intOr(specOf(rs).replicas, 1);
  const ready = simulateModeOf(rs) === SimulateMode.Healthy ? replicas : 0;
  return withoutZeros(
    {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: generation,
    },
    ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
  );
}
