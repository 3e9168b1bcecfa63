import { createHash } from 'node:crypto';
import type { KubeObject } from '../types.js';
import { asRecord, type Json, specOf } from './values.js';

/** What the simulated kubelet is doing with a pod's (regular) containers. */
export const ContainerStage = {
  Creating: 'creating',
  Running: 'running',
  CrashLooping: 'crash-looping',
  Completed: 'completed',
  Errored: 'errored',
} as const;
export type ContainerStage = (typeof ContainerStage)[keyof typeof ContainerStage];

interface StageTimes {
  startedAt: string;
  finishedAt: string;
}

const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const terminated = (pod: KubeObject, name: string, exitCode: number, reason: string, times: StageTimes) => ({
  exitCode,
  reason,
  startedAt: times.startedAt,
  finishedAt: times.finishedAt,
  containerID: containerId(pod, name),
});

function containerId(pod: KubeObject, name: string): string {
  return `containerd://${sha256(`${pod.metadata.uid ?? pod.metadata.name}/${name}`)}`;
}

/** A digest reference for the image; the repository keeps its name, the digest is made up but stable. */
function imageId(image: string): string {
  const repository = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return `${repository}@sha256:${sha256(image)}`;
}

function containerStatus(pod: KubeObject, container: Json, stage: ContainerStage, times: StageTimes): Json {
  const name = String(container.name ?? '');
  const image = String(container.image ?? '');
  const base = { name, image, imageID: imageId(image), containerID: containerId(pod, name) };
  switch (stage) {
    case ContainerStage.Creating:
      return {
        name,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image,
        imageID: '',
        started: false,
      };
    case ContainerStage.Running:
      return {
        ...base,
        state: { running: { startedAt: times.startedAt } },
        lastState: {},
        ready: true,
        restartCount: 0,
        started: true,
      };
    case ContainerStage.CrashLooping:
      return {
        ...base,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off 10s restarting failed container=${name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          },
        },
        lastState: { terminated: terminated(pod, name, 1, 'Error', times) },
        ready: false,
        restartCount: 1,
        started: false,
      };
    case ContainerStage.Completed:
    case ContainerStage.Errored: {
      const [exitCode, reason] = stage === ContainerStage.Completed ? [0, 'Completed'] : [1, 'Error'];
      return {
        ...base,
        state: { terminated: terminated(pod, name, exitCode, reason, times) },
        lastState: {},
        ready: false,
        restartCount: 0,
        started: false,
      };
    }
  }
}

/** The regular containers' statuses, in spec order. */
export function containerStatuses(pod: KubeObject, stage: ContainerStage, times: StageTimes): Json[] {
  return listOf(specOf(pod).containers).map((c) => containerStatus(pod, c, stage, times));
}

/** Init containers have always run to completion by the time the simulator reports a pod. */
export function initContainerStatuses(pod: KubeObject, times: StageTimes): Json[] {
  return listOf(specOf(pod).initContainers).map((c) => ({
    ...containerStatus(pod, c, ContainerStage.Completed, { ...times, finishedAt: times.startedAt }),
    ready: true,
  }));
}

export const containerNames = (pod: KubeObject): string[] =>
  listOf(specOf(pod).containers).map((c) => String(c.name ?? ''));

/** The QoS class the API server stamps on create. Quantities are compared as written, not normalised. */
export function qosClassOf(pod: KubeObject): string {
  const spec = specOf(pod);
  const resources = [...listOf(spec.containers), ...listOf(spec.initContainers)].map((c) => asRecord(c.resources));
  const declared = (r: Json) => Object.keys(asRecord(r.requests)).length + Object.keys(asRecord(r.limits)).length > 0;
  if (!resources.some(declared)) return 'BestEffort';
  const pinned = (r: Json, key: string) => {
    const limit = asRecord(r.limits)[key];
    const request = asRecord(r.requests)[key] ?? limit;
    return limit !== undefined && String(request) === String(limit);
  };
  return resources.every((r) => pinned(r, 'cpu') && pinned(r, 'memory')) ? 'Guaranteed' : 'Burstable';
}
