import { describe, expect, it } from 'vitest';
import { computeHealth, type Health, HealthStatus } from './health.js';
import type { Unstructured } from './objects.js';

const { Current, InProgress, Failed, Terminating, Unknown } = HealthStatus;

interface Case {
  name: string;
  object: Unstructured;
  expected: Health;
}

function object(
  apiVersion: string,
  kind: string,
  fields: { spec?: unknown; status?: unknown; generation?: number; deletionTimestamp?: string } = {},
): Unstructured {
  const { spec, status, generation, deletionTimestamp } = fields;
  return {
    apiVersion,
    kind,
    metadata: { name: 'web', namespace: 'apps', generation, deletionTimestamp },
    ...(spec === undefined ? {} : { spec }),
    ...(status === undefined ? {} : { status }),
  };
}

const condition = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  reason,
  message,
});

const deployment = (spec: object, status: object) =>
  object('apps/v1', 'Deployment', { spec: { progressDeadlineSeconds: 600, ...spec }, status, generation: 2 });

const healthyDeploymentStatus = {
  observedGeneration: 2,
  replicas: 3,
  updatedReplicas: 3,
  readyReplicas: 3,
  availableReplicas: 3,
  conditions: [
    condition('Available', 'True', 'MinimumReplicasAvailable'),
    condition('Progressing', 'True', 'NewReplicaSetAvailable'),
  ],
};

const genericCases: Case[] = [
  {
    name: 'deletionTimestamp set',
    object: object('v1', 'ConfigMap', { deletionTimestamp: '2024-01-01T00:00:00Z' }),
    expected: { status: Terminating, message: 'scheduled for deletion' },
  },
  {
    name: 'generation not yet observed',
    object: object('example.com/v1', 'Widget', { generation: 3, status: { observedGeneration: 2 } }),
    expected: { status: InProgress, message: 'generation 3 not yet observed (observed 2)' },
  },
  {
    name: 'no status conditions at all',
    object: object('v1', 'ConfigMap'),
    expected: { status: Current, message: 'no status conditions to wait for' },
  },
  {
    name: 'Ready=True',
    object: object('example.com/v1', 'Widget', {
      status: { conditions: [condition('Ready', 'True', 'Succeeded', 'all good')] },
    }),
    expected: { status: Current, message: 'Succeeded: all good' },
  },
  {
    name: 'Ready=False without Stalled (Flux retrying)',
    object: object('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
      status: { conditions: [condition('Ready', 'False', 'ProgressingWithRetry', 'retrying')] },
    }),
    expected: { status: InProgress, message: 'ProgressingWithRetry: retrying' },
  },
  {
    name: 'Ready=False with Stalled=True',
    object: object('example.com/v1', 'Widget', {
      status: {
        conditions: [
          condition('Ready', 'False', 'BuildFailed', 'bad'),
          condition('Stalled', 'True', 'BuildFailed', 'bad'),
        ],
      },
    }),
    expected: { status: Failed, message: 'BuildFailed: bad' },
  },
  {
    name: 'Reconciling=True',
    object: object('example.com/v1', 'Widget', {
      status: {
        conditions: [
          condition('Ready', 'Unknown', 'Progressing'),
          condition('Reconciling', 'True', 'Progressing', 'working'),
        ],
      },
    }),
    expected: { status: InProgress, message: 'Progressing: working' },
  },
  {
    name: 'conditions but no Ready',
    object: object('example.com/v1', 'Widget', { status: { conditions: [condition('Synced', 'True')] } }),
    expected: { status: Current, message: 'no Ready condition to wait for' },
  },
];

const deploymentCases: Case[] = [
  {
    name: 'available at the desired replicas',
    object: deployment({ replicas: 3 }, healthyDeploymentStatus),
    expected: { status: Current, message: '3 of 3 replicas available' },
  },
  {
    name: 'no status yet, default one replica',
    object: deployment({}, {}),
    expected: { status: InProgress, message: '0 of 1 replicas created' },
  },
  {
    name: 'not all updated',
    object: deployment({ replicas: 3 }, { ...healthyDeploymentStatus, updatedReplicas: 1 }),
    expected: { status: InProgress, message: '1 of 3 replicas updated' },
  },
  {
    name: 'old replicas terminating',
    object: deployment({ replicas: 3 }, { ...healthyDeploymentStatus, replicas: 4 }),
    expected: { status: InProgress, message: '1 old replicas pending termination' },
  },
  {
    name: 'updated replicas not available',
    object: deployment({ replicas: 3 }, { ...healthyDeploymentStatus, availableReplicas: 1 }),
    expected: { status: InProgress, message: '1 of 3 updated replicas available' },
  },
  {
    name: 'not all ready',
    object: deployment({ replicas: 3 }, { ...healthyDeploymentStatus, readyReplicas: 2 }),
    expected: { status: InProgress, message: '2 of 3 replicas ready' },
  },
  {
    name: 'progress deadline exceeded',
    object: deployment(
      { replicas: 3 },
      {
        ...healthyDeploymentStatus,
        availableReplicas: 0,
        conditions: [condition('Progressing', 'False', 'ProgressDeadlineExceeded', 'timed out progressing.')],
      },
    ),
    expected: { status: Failed, message: 'ProgressDeadlineExceeded: timed out progressing.' },
  },
  {
    name: 'counts reached but new ReplicaSet still progressing',
    object: deployment(
      { replicas: 3 },
      {
        ...healthyDeploymentStatus,
        conditions: [condition('Available', 'True'), condition('Progressing', 'True', 'ReplicaSetUpdated')],
      },
    ),
    expected: { status: InProgress, message: 'new ReplicaSet not yet available' },
  },
  {
    name: 'counts reached but Available=False',
    object: deployment(
      { replicas: 3 },
      {
        ...healthyDeploymentStatus,
        conditions: [condition('Available', 'False'), condition('Progressing', 'True', 'NewReplicaSetAvailable')],
      },
    ),
    expected: { status: InProgress, message: 'Deployment not available' },
  },
  {
    name: 'spec changed since the controller looked',
    object: deployment({ replicas: 3 }, { ...healthyDeploymentStatus, observedGeneration: 1 }),
    expected: { status: InProgress, message: 'generation 2 not yet observed (observed 1)' },
  },
];

const statefulSet = (spec: object, status: object) =>
  object('apps/v1', 'StatefulSet', { spec: { replicas: 3, ...spec }, status: { observedGeneration: 1, ...status } });
const healthyStatefulSetStatus = {
  replicas: 3,
  readyReplicas: 3,
  currentReplicas: 3,
  updatedReplicas: 3,
  currentRevision: 'web-1',
  updateRevision: 'web-1',
};

const statefulSetCases: Case[] = [
  {
    name: 'all ready at one revision',
    object: statefulSet({}, healthyStatefulSetStatus),
    expected: { status: Current, message: '3 of 3 replicas ready' },
  },
  {
    name: 'not all ready',
    object: statefulSet({}, { ...healthyStatefulSetStatus, readyReplicas: 1 }),
    expected: { status: InProgress, message: '1 of 3 replicas ready' },
  },
  {
    name: 'revision rolling out',
    object: statefulSet({}, { ...healthyStatefulSetStatus, updateRevision: 'web-2' }),
    expected: { status: InProgress, message: 'revision web-2 not yet rolled out' },
  },
  {
    name: 'partition rolled out',
    object: statefulSet(
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
      { ...healthyStatefulSetStatus, updatedReplicas: 1, updateRevision: 'web-2' },
    ),
    expected: { status: Current, message: 'partitioned rollout complete: 1 replicas updated' },
  },
  {
    name: 'partition not rolled out',
    object: statefulSet(
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
      { ...healthyStatefulSetStatus, updatedReplicas: 1, updateRevision: 'web-2' },
    ),
    expected: { status: InProgress, message: '1 of 2 replicas above the partition updated' },
  },
  {
    name: 'OnDelete strategy',
    object: statefulSet({ updateStrategy: { type: 'OnDelete' } }, {}),
    expected: { status: Current, message: 'OnDelete update strategy: pods are updated by hand' },
  },
];

const daemonSet = (status: object) => object('apps/v1', 'DaemonSet', { generation: 1, status });
const daemonSetCases: Case[] = [
  {
    name: 'all scheduled and available',
    object: daemonSet({
      observedGeneration: 1,
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      numberReady: 2,
    }),
    expected: { status: Current, message: '2 of 2 pods available' },
  },
  {
    name: 'not all updated',
    object: daemonSet({
      observedGeneration: 1,
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      updatedNumberScheduled: 1,
    }),
    expected: { status: InProgress, message: '1 of 2 pods updated' },
  },
  {
    name: 'not all available',
    object: daemonSet({
      observedGeneration: 1,
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 0,
    }),
    expected: { status: InProgress, message: '0 of 2 pods available' },
  },
  {
    name: 'not observed by the controller',
    object: daemonSet({}),
    expected: { status: InProgress, message: 'not yet observed by the DaemonSet controller' },
  },
];

const replicaSet = (status: object) => object('apps/v1', 'ReplicaSet', { spec: { replicas: 2 }, status });
const replicaSetCases: Case[] = [
  {
    name: 'all available',
    object: replicaSet({ replicas: 2, fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2 }),
    expected: { status: Current, message: '2 of 2 replicas available' },
  },
  {
    name: 'not all available',
    object: replicaSet({ replicas: 2, fullyLabeledReplicas: 2, availableReplicas: 1, readyReplicas: 1 }),
    expected: { status: InProgress, message: '1 of 2 replicas available' },
  },
  {
    name: 'ReplicaFailure',
    object: replicaSet({ conditions: [condition('ReplicaFailure', 'True', 'FailedCreate', 'quota exceeded')] }),
    expected: { status: InProgress, message: 'FailedCreate: quota exceeded' },
  },
];

const job = (conditions: object[], status: object = {}) =>
  object('batch/v1', 'Job', { status: { conditions, ...status } });
const jobCases: Case[] = [
  {
    name: 'Complete=True',
    object: job([condition('Complete', 'True')], { succeeded: 1 }),
    expected: { status: Current, message: 'completed: 1 succeeded' },
  },
  {
    name: 'Failed=True',
    object: job([condition('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')]),
    expected: { status: Failed, message: 'BackoffLimitExceeded: Job has reached the specified backoff limit' },
  },
  {
    name: 'running',
    object: job([], { active: 1 }),
    expected: { status: InProgress, message: 'running: 1 active, 0 succeeded, 0 failed' },
  },
  {
    name: 'suspended',
    object: job([condition('Suspended', 'True')]),
    expected: { status: Current, message: 'suspended' },
  },
];

const pod = (status: object) => object('v1', 'Pod', { status });
const podCases: Case[] = [
  {
    name: 'running and Ready',
    object: pod({ phase: 'Running', conditions: [condition('Ready', 'True')] }),
    expected: { status: Current, message: 'running and ready' },
  },
  {
    name: 'running, not Ready',
    object: pod({ phase: 'Running', conditions: [condition('Ready', 'False')] }),
    expected: { status: InProgress, message: 'running but not ready' },
  },
  {
    name: 'crash looping',
    object: pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    }),
    expected: { status: Failed, message: 'containers in CrashLoopBackOff: app' },
  },
  { name: 'succeeded', object: pod({ phase: 'Succeeded' }), expected: { status: Current, message: 'completed' } },
  {
    name: 'failed',
    object: pod({ phase: 'Failed', message: 'OOMKilled' }),
    expected: { status: Failed, message: 'pod failed: OOMKilled' },
  },
  { name: 'pending', object: pod({ phase: 'Pending' }), expected: { status: InProgress, message: 'pending' } },
  { name: 'no phase', object: pod({}), expected: { status: InProgress, message: 'phase not reported yet' } },
  {
    name: 'unknown phase',
    object: pod({ phase: 'Weird' }),
    expected: { status: Unknown, message: 'unknown phase Weird' },
  },
];

const otherBuiltinCases: Case[] = [
  {
    name: 'PersistentVolumeClaim bound',
    object: object('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }),
    expected: { status: Current, message: 'bound' },
  },
  {
    name: 'PersistentVolumeClaim pending',
    object: object('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } }),
    expected: { status: InProgress, message: 'not bound (phase Pending)' },
  },
  {
    name: 'Service ClusterIP',
    object: object('v1', 'Service', { spec: { type: 'ClusterIP' } }),
    expected: { status: Current, message: 'service ready' },
  },
  {
    name: 'Service LoadBalancer without ingress',
    object: object('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }),
    expected: { status: InProgress, message: 'waiting for a load balancer ingress' },
  },
  {
    name: 'Service LoadBalancer with ingress',
    object: object('v1', 'Service', {
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
    }),
    expected: { status: Current, message: 'load balancer ingress assigned' },
  },
  {
    name: 'CustomResourceDefinition established',
    object: object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
      status: { conditions: [condition('NamesAccepted', 'True'), condition('Established', 'True')] },
    }),
    expected: { status: Current, message: 'established' },
  },
  {
    name: 'CustomResourceDefinition installing',
    object: object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
      status: { conditions: [condition('Established', 'False', 'Installing')] },
    }),
    expected: { status: InProgress, message: 'not established yet' },
  },
  {
    name: 'CustomResourceDefinition names rejected',
    object: object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
      status: { conditions: [condition('NamesAccepted', 'False', 'NameConflict', 'plural in use')] },
    }),
    expected: { status: Failed, message: 'NameConflict: plural in use' },
  },
  {
    name: 'Namespace active',
    object: object('v1', 'Namespace', { status: { phase: 'Active' } }),
    expected: { status: Current, message: 'active' },
  },
  {
    name: 'Namespace terminating',
    object: object('v1', 'Namespace', { status: { phase: 'Terminating' } }),
    expected: { status: Terminating, message: 'namespace terminating' },
  },
];

describe('computeHealth', () => {
  it.each(genericCases)('generic: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(deploymentCases)('Deployment: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(statefulSetCases)('StatefulSet: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(daemonSetCases)('DaemonSet: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(replicaSetCases)('ReplicaSet: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(jobCases)('Job: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(podCases)('Pod: $name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });
  it.each(otherBuiltinCases)('$name', ({ object, expected }) => {
    expect(computeHealth(object)).toEqual(expected);
  });

  it('applies kind rules only to the built-in group of that kind', () => {
    const lookalike = object('example.com/v1', 'Deployment', {
      status: { conditions: [condition('Ready', 'True', 'Done', 'ok')] },
    });
    expect(computeHealth(lookalike)).toEqual({ status: Current, message: 'Done: ok' });
  });
});
