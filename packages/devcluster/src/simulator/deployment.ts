import { timestamp } from '../context.js';
import type { KubeObject } from '../types.js';
import { type ConditionInput, conditionsOf, setCondition } from './conditions.js';
import { SimulateMode } from './constants.js';
import { type ReplicaSetRollout, rolloutBounds, rolloutReplicaSets } from './deployment-replicasets.js';
import { simulateModeOf } from './mode.js';
import { childRef, type WorkloadPlan } from './plan.js';
import { asRecord, intOr, type Json, specOf, statusOf, withoutZeros } from './values.js';

const sum = (replicaSets: KubeObject[], field: string): number =>
  replicaSets.reduce((total, rs) => total + intOr(asRecord(rs.status)[field], 0), 0);

function availableCondition(available: boolean): ConditionInput {
  return available
    ? {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      }
    : {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      };
}

function progressingCondition(deploy: KubeObject, newReplicaSet: KubeObject | undefined): ConditionInput {
  if (specOf(deploy).paused === true) {
    return { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' };
  }
  const subject = newReplicaSet
    ? `ReplicaSet "${newReplicaSet.metadata.name}"`
    : `Deployment "${deploy.metadata.name}"`;
  switch (simulateModeOf(deploy)) {
    case SimulateMode.Fail:
      return {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `${subject} has timed out progressing.`,
      };
    case SimulateMode.Pending:
      return {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `${subject} is progressing.`,
      };
    default:
      return {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `${subject} has successfully progressed.`,
      };
  }
}

function deploymentStatus(deploy: KubeObject, rollout: ReplicaSetRollout, now: Date): Json {
  const desired = intOr(specOf(deploy).replicas, 1);
  const available = sum(rollout.kept, 'availableReplicas');
  const wanted = rollout.kept.reduce((total, rs) => total + intOr(specOf(rs).replicas, 0), 0);
  const minimumAvailable = available >= desired - rolloutBounds(deploy).maxUnavailable;

  const time = timestamp(now);
  let conditions = conditionsOf(statusOf(deploy));
  conditions = setCondition(conditions, availableCondition(minimumAvailable), 'lastUpdateTime', time);
  conditions = setCondition(conditions, progressingCondition(deploy, rollout.newReplicaSet), 'lastUpdateTime', time);

  return withoutZeros(
    {
      observedGeneration: deploy.metadata.generation,
      replicas: sum(rollout.kept, 'replicas'),
      updatedReplicas: rollout.newReplicaSet ? intOr(asRecord(rollout.newReplicaSet.status).replicas, 0) : 0,
      readyReplicas: sum(rollout.kept, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, wanted - available),
      conditions,
      collisionCount: statusOf(deploy).collisionCount,
    },
    ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'],
  );
}

export function simulateDeployment(deploy: KubeObject, children: KubeObject[], now: Date): WorkloadPlan {
  const rollout = rolloutReplicaSets(deploy, children);
  return {
    status: deploymentStatus(deploy, rollout, now),
    upsertChildren: rollout.upsert,
    deleteChildren: rollout.remove.map(childRef),
  };
}
