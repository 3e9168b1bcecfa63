import type { Unstructured } from '@driftless/apply';
import { errorText } from './action-clock.js';
import type { ActionDeps } from './action-types.js';

const workloadKinds: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * helm rollback's `--recreate-pods`: deletes the Pods of the release's workloads so they start
 * again from the rolled-back spec. Not critical for the rollback, so failures are only logged.
 */
export async function recreatePods(deps: ActionDeps, objects: readonly Unstructured[]): Promise<void> {
  const podType = await deps.manager.mapper.resourceFor('v1', 'Pod');
  for (const workload of objects.filter((object) => workloadKinds.has(object.kind))) {
    const selector = matchLabels(workload);
    if (!selector) continue;
    try {
      const namespace = workload.metadata.namespace;
      const pods = await deps.client.list(podType, { namespace, labelSelector: selector });
      for (const pod of pods.items) {
        await deps.client.delete(podType, { namespace, name: pod.metadata.name });
      }
    } catch (error) {
      deps.logger?.warn(
        {
          workload: `${workload.kind}/${workload.metadata.namespace}/${workload.metadata.name}`,
          err: errorText(error),
        },
        'could not recreate pods',
      );
    }
  }
}

function matchLabels(workload: Unstructured): string | undefined {
  const labels = (workload.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector
    ?.matchLabels;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
