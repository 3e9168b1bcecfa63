import { groupOf, type Unstructured } from './objects.js';

/** kstatus' status of an object (sigs.k8s.io/cli-utils/pkg/kstatus/status). */
export const HealthStatus = {
  Current: 'Current',
  InProgress: 'InProgress',
  Failed: 'Failed',
  Terminating: 'Terminating',
  NotFound: 'NotFound',
  Unknown: 'Unknown',
} as const;
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

export interface Health {
  status: HealthStatus;
  /** What the object is waiting for or why it failed, without the object's name. */
  message: string;
}

interface ObjectCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

type Fields = Record<string, unknown>;
type HealthRule = (object: Unstructured, spec: Fields, status: Fields) => Health;

const current = (message: string): Health => ({ status: HealthStatus.Current, message });
const inProgress = (message: string): Health => ({ status: HealthStatus.InProgress, message });
const failed = (message: string): Health => ({ status: HealthStatus.Failed, message });

/**
 * Computes an object's health the way kstatus does: deletion and unobserved generations first,
 * then the kind's own rules for built-ins, then the standard Ready/Reconciling/Stalled conditions.
 */
export function computeHealth(object: Unstructured): Health {
  if (object.metadata.deletionTimestamp) return { status: HealthStatus.Terminating, message: 'scheduled for deletion' };
  const spec = fieldsOf(object.spec);
  const status = fieldsOf(object.status);
  const generation = object.metadata.generation;
  const observed = status.observedGeneration;
  if (typeof generation === 'number' && typeof observed === 'number' && generation > observed) {
    return inProgress(`generation ${generation} not yet observed (observed ${observed})`);
  }
  const rule = kindRules[ruleKey(object)];
  return rule ? rule(object, spec, status) : genericHealth(conditionsOf(status));
}

const kindRules: Record<string, HealthRule> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'batch/Job': (_object, _spec, status) => jobHealth(status),
  Pod: (_object, _spec, status) => podHealth(status),
  PersistentVolumeClaim: (_object, _spec, status) => pvcHealth(status),
  Service: (_object, spec, status) => serviceHealth(spec, status),
  Namespace: (_object, _spec, status) => namespaceHealth(status),
  'apiextensions.k8s.io/CustomResourceDefinition': (_object, _spec, status) => crdHealth(conditionsOf(status)),
};

function ruleKey(object: Unstructured): string {
  const group = groupOf(object.apiVersion);
  return group ? `${group}/${object.kind}` : object.kind;
}

/** Ready/Reconciling/Stalled as Flux and kstatus read them; no conditions at all means nothing to wait for. */
function genericHealth(conditions: ObjectCondition[]): Health {
  const stalled = findCondition(conditions, 'Stalled');
  if (stalled?.status === 'True') return failed(describe(stalled, 'stalled'));
  const reconciling = findCondition(conditions, 'Reconciling');
  if (reconciling?.status === 'True') return inProgress(describe(reconciling, 'reconciling'));
  const ready = findCondition(conditions, 'Ready');
  if (ready?.status === 'True') return current(describe(ready, 'ready'));
  if (ready) return inProgress(describe(ready, 'not ready'));
  return current(conditions.length === 0 ? 'no status conditions to wait for' : 'no Ready condition to wait for');
}

function deploymentHealth(_object: Unstructured, spec: Fields, status: Fields): Health {
  const conditions = conditionsOf(status);
  const progressing = findCondition(conditions, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return failed(describe(progressing, 'progress deadline exceeded'));
  }
  const desired = intOf(spec.replicas, 1);
  const replicas = intOf(status.replicas, 0);
  const updated = intOf(status.updatedReplicas, 0);
  const ready = intOf(status.readyReplicas, 0);
  const available = intOf(status.availableReplicas, 0);
  if (desired > replicas) return inProgress(`${replicas} of ${desired} replicas created`);
  if (desired > updated) return inProgress(`${updated} of ${desired} replicas updated`);
  if (replicas > desired) return inProgress(`${replicas - desired} old replicas pending termination`);
  if (updated > available) return inProgress(`${available} of ${updated} updated replicas available`);
  if (desired > ready) return inProgress(`${ready} of ${desired} replicas ready`);
  // Without a progress deadline the controller never reports NewReplicaSetAvailable.
  const deadlineSet = spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== 2147483647;
  if (deadlineSet && !(progressing?.status === 'True' && progressing.reason === 'NewReplicaSetAvailable')) {
    return inProgress('new ReplicaSet not yet available');
  }
  if (findCondition(conditions, 'Available')?.status !== 'True') return inProgress('Deployment not available');
  return current(`${available} of ${desired} replicas available`);
}

function statefulSetHealth(_object: Unstructured, spec: Fields, status: Fields): Health {
  const strategy = fieldsOf(spec.updateStrategy);
  if (strategy.type === 'OnDelete') return current('OnDelete update strategy: pods are updated by hand');
  const desired = intOf(spec.replicas, 1);
  const replicas = intOf(status.replicas, 0);
  const ready = intOf(status.readyReplicas, 0);
  const updated = intOf(status.updatedReplicas, 0);
  if (desired > replicas) return inProgress(`${replicas} of ${desired} replicas created`);
  if (desired > ready) return inProgress(`${ready} of ${desired} replicas ready`);
  if (replicas > desired) return inProgress(`${replicas - desired} old replicas pending termination`);
  const partition = fieldsOf(strategy.rollingUpdate).partition;
  if (typeof partition === 'number') {
    const wanted = Math.max(0, desired - partition);
    if (updated < wanted) return inProgress(`${updated} of ${wanted} replicas above the partition updated`);
    return current(`partitioned rollout complete: ${updated} replicas updated`);
  }
  const currentReplicas = intOf(status.currentReplicas, 0);
  if (desired > currentReplicas) return inProgress(`${currentReplicas} of ${desired} replicas at the current revision`);
  if (status.currentRevision !== status.updateRevision) {
    return inProgress(`revision ${String(status.updateRevision)} not yet rolled out`);
  }
  return current(`${ready} of ${desired} replicas ready`);
}

function daemonSetHealth(object: Unstructured, _spec: Fields, status: Fields): Health {
  if (object.metadata.generation === undefined || status.observedGeneration === undefined) {
    return inProgress('not yet observed by the DaemonSet controller');
  }
  if (typeof status.desiredNumberScheduled !== 'number') return inProgress('desiredNumberScheduled not reported yet');
  const desired = status.desiredNumberScheduled;
  const scheduled = intOf(status.currentNumberScheduled, 0);
  const updated = intOf(status.updatedNumberScheduled, 0);
  const available = intOf(status.numberAvailable, 0);
  const ready = intOf(status.numberReady, 0);
  if (desired > scheduled) return inProgress(`${scheduled} of ${desired} pods scheduled`);
  if (desired > updated) return inProgress(`${updated} of ${desired} pods updated`);
  if (desired > available) return inProgress(`${available} of ${desired} pods available`);
  if (desired > ready) return inProgress(`${ready} of ${desired} pods ready`);
  return current(`${available} of ${desired} pods available`);
}

function replicaSetHealth(_object: Unstructured, spec: Fields, status: Fields): Health {
  const failure = findCondition(conditionsOf(status), 'ReplicaFailure');
  if (failure?.status === 'True') return inProgress(describe(failure, 'replica failure'));
  const desired = intOf(spec.replicas, 1);
  const replicas = intOf(status.replicas, 0);
  const labelled = intOf(status.fullyLabeledReplicas, 0);
  const available = intOf(status.availableReplicas, 0);
  const ready = intOf(status.readyReplicas, 0);
  if (desired > labelled) return inProgress(`${labelled} of ${desired} replicas labelled`);
  if (desired > available) return inProgress(`${available} of ${desired} replicas available`);
  if (desired > ready) return inProgress(`${ready} of ${desired} replicas ready`);
  if (replicas > desired) return inProgress(`${replicas - desired} old replicas pending termination`);
  return current(`${available} of ${desired} replicas available`);
}

function jobHealth(status: Fields): Health {
  const conditions = conditionsOf(status);
  const complete = findCondition(conditions, 'Complete');
  if (complete?.status === 'True') return current(`completed: ${intOf(status.succeeded, 0)} succeeded`);
  const failure = findCondition(conditions, 'Failed');
  if (failure?.status === 'True') return failed(describe(failure, 'job failed'));
  if (findCondition(conditions, 'Suspended')?.status === 'True') return current('suspended');
  return inProgress(
    `running: ${intOf(status.active, 0)} active, ${intOf(status.succeeded, 0)} succeeded, ${intOf(status.failed, 0)} failed`,
  );
}

function podHealth(status: Fields): Health {
  const conditions = conditionsOf(status);
  switch (status.phase) {
    case 'Succeeded':
      return current('completed');
    case 'Failed':
      return failed(typeof status.message === 'string' ? `pod failed: ${status.message}` : 'pod failed');
    case 'Running': {
      if (findCondition(conditions, 'Ready')?.status === 'True') return current('running and ready');
      const crashing = crashLoopingContainers(status);
      if (crashing.length > 0) return failed(`containers in CrashLoopBackOff: ${crashing.join(', ')}`);
      return inProgress('running but not ready');
    }
    case 'Pending': {
      const scheduled = findCondition(conditions, 'PodScheduled');
      if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        return inProgress(describe(scheduled, 'not schedulable yet'));
      }
      return inProgress('pending');
    }
    case undefined:
      return inProgress('phase not reported yet');
    default:
      return { status: HealthStatus.Unknown, message: `unknown phase ${String(status.phase)}` };
  }
}

function crashLoopingContainers(status: Fields): string[] {
  const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
  return statuses
    .map(fieldsOf)
    .filter((container) => fieldsOf(fieldsOf(container.state).waiting).reason === 'CrashLoopBackOff')
    .map((container) => String(container.name));
}

function pvcHealth(status: Fields): Health {
  if (status.phase === 'Bound') return current('bound');
  return inProgress(`not bound (phase ${String(status.phase ?? 'unknown')})`);
}

function serviceHealth(spec: Fields, status: Fields): Health {
  if (spec.type !== 'LoadBalancer') return current('service ready');
  const ingress = fieldsOf(status.loadBalancer).ingress;
  if (Array.isArray(ingress) && ingress.length > 0) return current('load balancer ingress assigned');
  return inProgress('waiting for a load balancer ingress');
}

function namespaceHealth(status: Fields): Health {
  if (status.phase === 'Terminating') return { status: HealthStatus.Terminating, message: 'namespace terminating' };
  if (status.phase === undefined || status.phase === 'Active') return current('active');
  return { status: HealthStatus.Unknown, message: `unknown phase ${String(status.phase)}` };
}

function crdHealth(conditions: ObjectCondition[]): Health {
  const namesAccepted = findCondition(conditions, 'NamesAccepted');
  if (namesAccepted?.status === 'False') return failed(describe(namesAccepted, 'names not accepted'));
  const established = findCondition(conditions, 'Established');
  if (established?.status === 'True') return current('established');
  if (established?.status === 'False' && established.reason !== 'Installing') {
    return failed(describe(established, 'not established'));
  }
  return inProgress('not established yet');
}

function describe(condition: ObjectCondition, fallback: string): string {
  const message = condition.message?.trim();
  const text = message || fallback;
  return condition.reason ? `${condition.reason}: ${text}` : text;
}

function findCondition(conditions: ObjectCondition[], type: string): ObjectCondition | undefined {
  return conditions.find((condition) => condition.type === type);
}

function conditionsOf(status: Fields): ObjectCondition[] {
  if (!Array.isArray(status.conditions)) return [];
  return status.conditions
    .map(fieldsOf)
    .filter((condition) => typeof condition.type === 'string')
    .map((condition) => ({
      type: condition.type as string,
      status: String(condition.status ?? 'Unknown'),
      reason: typeof condition.reason === 'string' ? condition.reason : undefined,
      message: typeof condition.message === 'string' ? condition.message : undefined,
    }));
}

function fieldsOf(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function intOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
