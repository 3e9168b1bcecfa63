import type { KubeObject } from '../types.js';
import { SimulateMode } from './constants.js';
import { simulateModeOf } from './mode.js';
import type { WorkloadPlan } from './plan.js';
import { withoutZeros } from './values.js';

/** The dev cluster has exactly one node, so a DaemonSet wants one pod. */
const nodes = 1;

export function simulateDaemonSet(ds: KubeObject): WorkloadPlan {
  const ready = simulateModeOf(ds) === SimulateMode.Healthy ? nodes : 0;
  const status = withoutZeros(
    {
      currentNumberScheduled: nodes,
      numberMisscheduled: 0,
      desiredNumberScheduled: nodes,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: nodes,
      numberAvailable: ready,
      numberUnavailable: nodes - ready,
    },
    ['observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'],
  );
  return { status, upsertChildren: [], deleteChildren: [] };
}
