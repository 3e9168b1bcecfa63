import { createInterface } from 'node:readline';
import { type KubeClient, type KubeObject, resourcePath } from '@driftless/runtime';
import { controllerNames } from '../../context/flux-kinds.js';

/** The charts label each controller's pods `app.kubernetes.io/name: <chart name>` (driftless.selectorLabels). */
const nameLabel = 'app.kubernetes.io/name';
const podType = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };

export interface ControllerPod {
  namespace: string;
  name: string;
  controller: string;
}

interface Pod extends KubeObject {
  status?: { phase?: string };
}

/** One pod per controller and namespace, a running one where there is one (as `flux logs` picks). */
export async function findControllerPods(client: KubeClient, controllers: string[]): Promise<ControllerPod[]> {
  const wanted = controllers.length > 0 ? controllers : [...controllerNames];
  const list = await client.list<Pod>(podType, { labelSelector: `${nameLabel} in (${wanted.join(',')})` });
  const picked = new Map<string, Pod>();
  for (const pod of list.items) {
    const key = `${pod.metadata.namespace}/${pod.metadata.labels?.[nameLabel]}`;
    const current = picked.get(key);
    if (!current || (current.status?.phase !== 'Running' && pod.status?.phase === 'Running')) picked.set(key, pod);
  }
  return [...picked.values()].map((pod) => ({
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    controller: pod.metadata.labels?.[nameLabel] ?? pod.metadata.name,
  }));
}

export interface PodLogOptions {
  follow: boolean;
  sinceSeconds?: number;
  /** With follow, 0 skips what was logged before. */
  tailLines?: number;
  signal?: AbortSignal;
}

/** Passes every line of a pod's log to `onLine`; with follow, until the signal aborts or the pod ends. */
export async function readPodLog(
  client: KubeClient,
  pod: ControllerPod,
  options: PodLogOptions,
  onLine: (line: string) => void,
): Promise<void> {
  const response = await client.stream({
    method: 'GET',
    path: resourcePath(podType, pod.namespace, pod.name, 'log'),
    query: { follow: options.follow || undefined, sinceSeconds: options.sinceSeconds, tailLines: options.tailLines },
    subject: `Pod/${pod.namespace}/${pod.name}`,
    verb: 'get logs of',
    signal: options.signal,
  });
  const lines = createInterface({ input: response, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) onLine(line);
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  } finally {
    lines.close();
    response.destroy();
  }
}
