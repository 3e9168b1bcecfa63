import type { KubeObject } from '../types.js';
import { simulateDaemonSet } from './daemonset.js';
import { simulateDeployment } from './deployment.js';
import { simulateJob } from './job.js';
import type { WorkloadPlan } from './plan.js';
import { simulatePod } from './pod.js';
import { replicaSetStatus } from './replicaset.js';
import { simulateStatefulSet } from './statefulset.js';

interface ChildKind {
  apiVersion: string;
  kind: string;
}

const childKinds: Record<string, ChildKind[]> = {
  'apps/v1/Deployment': [{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }],
  'apps/v1/ReplicaSet': [],
  'apps/v1/StatefulSet': [{ apiVersion: 'apps/v1', kind: 'ControllerRevision' }],
  'apps/v1/DaemonSet': [],
  'batch/v1/Job': [],
  'v1/Pod': [],
};

export function isSimulatedKind(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in childKinds;
}

/** The kinds of the children `simulateWorkload` expects: those the workload controls (ownerReference controller=true). */
export function simulatedChildKinds(apiVersion: string, kind: string): ChildKind[] {
  return childKinds[`${apiVersion}/${kind}`] ?? [];
}

/**
 * What a real control plane would do with a workload: its status, and the children to create, update or
 * delete. Simulating a converged workload again yields the same status and no child changes.
 */
export function simulateWorkload(obj: KubeObject, children: KubeObject[], now: Date): WorkloadPlan | undefined {
  switch (`${obj.apiVersion}/${obj.kind}`) {
    case 'apps/v1/Deployment':
      return simulateDeployment(obj, children, now);
    case 'apps/v1/ReplicaSet':
      return { status: replicaSetStatus(obj), upsertChildren: [], deleteChildren: [] };
    case 'apps/v1/StatefulSet':
      return simulateStatefulSet(obj, children);
    case 'apps/v1/DaemonSet':
      return simulateDaemonSet(obj);
    case 'batch/v1/Job':
      return simulateJob(obj, now);
    case 'v1/Pod':
      return simulatePod(obj, now);
    default:
      return undefined;
  }
}
