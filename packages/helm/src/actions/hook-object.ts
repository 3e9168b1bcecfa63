import { refOf, subjectOf, type Unstructured } from '@driftless/apply';
import { sleep } from '@driftless/runtime';
import type { Hook } from '../release/release.js';
import type { Deadline } from './action-clock.js';
import type { ActionDeps } from './action-types.js';
import { objectsOfManifest } from './release-objects.js';

const pollIntervalMs = 100;

/** The one object a hook's manifest holds, in the release namespace when it names none. */
export async function hookObject(deps: ActionDeps, hook: Hook, namespace: string): Promise<Unstructured> {
  const [object] = await objectsOfManifest(deps, hook.manifest, namespace);
  if (!object) throw new Error(`hook ${hook.path} has no object in its manifest`);
  return object;
}

/** Creates the hook object (never applies: an existing one is an error, as with helm). */
export async function createHookObject(deps: ActionDeps, object: Unstructured): Promise<void> {
  const type = await deps.manager.mapper.resourceFor(object.apiVersion, object.kind);
  await deps.client.create(type, object);
}

/** Deletes the hook object (absent is fine) and waits until it is gone. */
export async function deleteHookObject(deps: ActionDeps, object: Unstructured, deadline: Deadline): Promise<void> {
  await deps.manager.delete(object, { propagationPolicy: 'Background' });
  while (await deps.manager.get(object)) {
    if (deadline.remainingMs() === 0) {
      throw new Error(`timed out after ${deadline.timeoutMs} ms waiting for ${subjectOf(refOf(object))} to be deleted`);
    }
    await sleep(pollIntervalMs, deadline.signal);
  }
}

/**
 * helm's `WatchUntilReady` for hooks: a Job until Complete (Failed fails), a Pod until Succeeded
 * (Failed fails); any other kind is done once created.
 */
export async function waitForHookObject(deps: ActionDeps, object: Unstructured, deadline: Deadline): Promise<void> {
  if (!isJob(object) && !isPod(object)) return;
  for (;;) {
    const live = await deps.manager.get(object);
    if (!live) throw new Error(`${subjectOf(refOf(object))} disappeared before it completed`);
    if (hookFinished(live)) return;
    if (deadline.remainingMs() === 0) {
      throw new Error(
        `timed out after ${deadline.timeoutMs} ms waiting for ${subjectOf(refOf(object))} to ${isJob(object) ? 'complete' : 'succeed'}`,
      );
    }
    await sleep(pollIntervalMs, deadline.signal);
  }
}

/** True when done; throws helm's message when the Job or Pod failed. */
export function hookFinished(live: Unstructured): boolean {
  const status = (live.status ?? {}) as { conditions?: Condition[]; phase?: string };
  if (isJob(live)) {
    const conditions = status.conditions ?? [];
    const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    if (failed) throw new Error(`job ${live.metadata.name} failed: ${failed.reason ?? 'unknown reason'}`);
    return conditions.some((c) => c.type === 'Complete' && c.status === 'True');
  }
  if (status.phase === 'Failed') throw new Error(`pod ${live.metadata.name} failed`);
  return status.phase === 'Succeeded';
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

function isJob(object: Unstructured): boolean {
  return object.kind === 'Job' && object.apiVersion.startsWith('batch/');
}

function isPod(object: Unstructured): boolean {
  return object.kind === 'Pod' && object.apiVersion === 'v1';
}
