import { timestamp } from '../context.js';
import type { KubeObject } from '../types.js';
import { conditionsOf } from './conditions.js';
import { SimulateMode } from './constants.js';
import { simulateModeOf } from './mode.js';
import type { WorkloadPlan } from './plan.js';
import {
  ContainerStage,
  containerNames,
  containerStatuses,
  initContainerStatuses,
  qosClassOf,
} from './pod-containers.js';
import { type Json, specOf, statusOf } from './values.js';

export const PodPhase = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
} as const;
export type PodPhase = (typeof PodPhase)[keyof typeof PodPhase];

const phaseOf: Record<ContainerStage, PodPhase> = {
  [ContainerStage.Creating]: PodPhase.Pending,
  [ContainerStage.Running]: PodPhase.Running,
  [ContainerStage.CrashLooping]: PodPhase.Running,
  [ContainerStage.Completed]: PodPhase.Succeeded,
  [ContainerStage.Errored]: PodPhase.Failed,
};

interface PodCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

const isTrue = (type: string): PodCondition => ({ type, status: 'True' });
const isFalse = (type: string, reason?: string, message?: string): PodCondition => ({
  type,
  status: 'False',
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

/** Ready and ContainersReady agree for a pod without readiness gates. */
function readiness(stage: ContainerStage, containers: string[]): (type: string) => PodCondition {
  switch (stage) {
    case ContainerStage.Running:
      return isTrue;
    case ContainerStage.Completed:
      return (type) => isFalse(type, 'PodCompleted');
    case ContainerStage.Errored:
      return (type) => isFalse(type, 'PodFailed');
    default:
      return (type) => isFalse(type, 'ContainersNotReady', `containers with unready status: [${containers.join(' ')}]`);
  }
}

/** The kubelet's conditions for a stage, in the order a real pod lists them. */
function conditionsFor(stage: ContainerStage, containers: string[]): PodCondition[] {
  const ready = readiness(stage, containers);
  const sandboxUp = stage === ContainerStage.Running || stage === ContainerStage.CrashLooping;
  return [
    sandboxUp ? isTrue('PodReadyToStartContainers') : isFalse('PodReadyToStartContainers'),
    stage === ContainerStage.Completed ? { ...isTrue('Initialized'), reason: 'PodCompleted' } : isTrue('Initialized'),
    ready('Ready'),
    ready('ContainersReady'),
    isTrue('PodScheduled'),
  ];
}

/** Pod conditions carry a null lastProbeTime and keep lastTransitionTime while their status holds. */
function stamped(conditions: PodCondition[], previous: Json[], time: string): Json[] {
  return conditions.map(({ type, status, reason, message }) => {
    const before = previous.find((c) => c.type === type);
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: before?.status === status ? before.lastTransitionTime : time,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    };
  });
}

const isTerminal = (phase: unknown) => phase === PodPhase.Succeeded || phase === PodPhase.Failed;

/**
 * Where the kubelet takes the pod next. A pod that restarts its containers settles at once (running, or
 * crash-looping on `fail`); one that does not runs first and finishes on the next simulation.
 */
function nextStage(pod: KubeObject, phase: unknown): ContainerStage {
  const mode = simulateModeOf(pod);
  if (mode === SimulateMode.Pending) return ContainerStage.Creating;
  if ((specOf(pod).restartPolicy ?? 'Always') === 'Always') {
    return mode === SimulateMode.Fail ? ContainerStage.CrashLooping : ContainerStage.Running;
  }
  if (phase !== PodPhase.Running) return ContainerStage.Running;
  return mode === SimulateMode.Fail ? ContainerStage.Errored : ContainerStage.Completed;
}

function podStatus(pod: KubeObject, current: Json, stage: ContainerStage, time: string): Json {
  const startTime = typeof current.startTime === 'string' ? current.startTime : time;
  const times = { startedAt: startTime, finishedAt: time };
  const inits = initContainerStatuses(pod, times);
  return {
    phase: phaseOf[stage],
    conditions: stamped(conditionsFor(stage, containerNames(pod)), conditionsOf(current), time),
    startTime,
    ...(inits.length > 0 ? { initContainerStatuses: inits } : {}),
    containerStatuses: containerStatuses(pod, stage, times),
    qosClass: qosClassOf(pod),
  };
}

/**
 * What the scheduler and kubelet would report for a bare Pod. Pods a controller owns are left alone: the
 * simulator reports their owners' status directly and never creates them.
 */
export function simulatePod(pod: KubeObject, now: Date): WorkloadPlan | undefined {
  if (pod.metadata.ownerReferences?.some((owner) => owner.controller === true)) return undefined;
  const current = statusOf(pod);
  const plan = (status: Json): WorkloadPlan => ({ status, upsertChildren: [], deleteChildren: [] });
  if (isTerminal(current.phase)) return plan(current);
  return plan(podStatus(pod, current, nextStage(pod, current.phase), timestamp(now)));
}
