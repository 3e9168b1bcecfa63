import { defaultWaitOptions, HealthCheckError, refOf, type Unstructured, waitForHealth } from '@driftless/apply';
import type { Deadline } from './action-clock.js';
import type { ActionDeps } from './action-types.js';

export interface WaitObjectsOptions {
  waitForJobs: boolean;
  deadline: Deadline;
}

/**
 * helm's `--wait`: every object Current within what is left of the action's timeout; a Failed
 * object (a Deployment past its progress deadline) fails at once. Jobs count only with `waitForJobs`.
 */
export async function waitForObjects(
  deps: ActionDeps,
  objects: readonly Unstructured[],
  options: WaitObjectsOptions,
): Promise<void> {
  const waited = objects.filter((object) => options.waitForJobs || !isJob(object));
  if (waited.length === 0) return;
  const watch = deps.watch;
  if (watch) {
    const kinds = new Map(waited.map((object) => [`${object.apiVersion}/${object.kind}`, object]));
    await Promise.all([...kinds.values()].map((object) => watch.ensureWatching(object.apiVersion, object.kind)));
  }
  try {
    await waitForHealth(
      waited.map((object) => ({ ref: refOf(object), apiVersion: object.apiVersion })),
      { ...defaultWaitOptions(), timeoutMs: options.deadline.remainingMs(), pollIntervalMs: 250, failFast: true },
      { reader: deps.reader, onChange: watch ? (handler) => watch.onChange(handler) : undefined },
    );
  } catch (error) {
    if (error instanceof HealthCheckError && error.message.startsWith('timeout')) {
      throw new HealthCheckError(`${error.message} (timeout ${options.deadline.timeoutMs} ms)`, error.results, {
        cause: error,
      });
    }
    throw error;
  }
}

function isJob(object: Unstructured): boolean {
  return object.kind === 'Job' && object.apiVersion.startsWith('batch/');
}
