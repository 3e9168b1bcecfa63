import type { Unstructured } from '@driftless/apply';
import { type Hook, HookDeletePolicy, type HookEvent, HookPhase, type Release } from '../release/release.js';
import { type Deadline, errorText, timestamp } from './action-clock.js';
import type { ActionDeps } from './action-types.js';
import { createHookObject, deleteHookObject, hookObject, waitForHookObject } from './hook-object.js';
import { compareKinds, InstallOrder } from './kind-order.js';
import { recordRelease } from './release-record.js';

/** helm 2's test event, which helm 3 reads as `test`. */
const LegacyTestEvent = 'test-success';

/** The hooks of one event in helm's order: weight, then kind (install order), then name. */
export function hooksOf(release: Release, event: HookEvent): Hook[] {
  return (release.hooks ?? []).filter((hook) => firesOn(hook, event)).sort(compareHooks);
}

export function compareHooks(a: Hook, b: Hook): number {
  const byWeight = (a.weight ?? 0) - (b.weight ?? 0);
  if (byWeight !== 0) return byWeight;
  const byKind = compareKinds(a.kind, b.kind, InstallOrder);
  if (byKind !== 0) return byKind;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function firesOn(hook: Hook, event: HookEvent): boolean {
  return hook.events.some((e) => e === event || (event === 'test' && (e as string) === LegacyTestEvent));
}

/**
 * Runs the hooks of one event the way helm's `execHook` does, recording every hook's last run on
 * the stored release: delete the previous object when the policy says before-hook-creation (the
 * default), create, wait for Jobs and Pods to finish, delete on hook-failed at the first failure,
 * and on hook-succeeded once all succeeded. Rejects with `<event> hooks failed: <path>: ...`.
 */
export async function runHooks(
  deps: ActionDeps,
  release: Release,
  event: HookEvent,
  deadline: Deadline,
  hooks: Hook[] = hooksOf(release, event),
): Promise<void> {
  const objects: Unstructured[] = [];
  for (const hook of hooks) {
    if (!hook.delete_policies || hook.delete_policies.length === 0) {
      hook.delete_policies = [HookDeletePolicy.BeforeCreation];
    }
    const object = await hookObject(deps, hook, release.namespace);
    objects.push(object);
    await deleteByPolicy(deps, hook, object, HookDeletePolicy.BeforeCreation, deadline);
    hook.last_run = { started_at: timestamp(), phase: HookPhase.Running };
    await recordRelease(deps, release);
    try {
      await createHookObject(deps, object);
      await waitForHookObject(deps, object, deadline);
    } catch (error) {
      hook.last_run = { ...hook.last_run, completed_at: timestamp(), phase: HookPhase.Failed };
      await recordRelease(deps, release);
      await deleteByPolicy(deps, hook, object, HookDeletePolicy.Failed, deadline);
      throw new Error(`${event} hooks failed: ${hook.path}: ${errorText(error)}`, { cause: error });
    }
    hook.last_run = { ...hook.last_run, completed_at: timestamp(), phase: HookPhase.Succeeded };
    await recordRelease(deps, release);
  }
  for (let index = hooks.length - 1; index >= 0; index -= 1) {
    await deleteByPolicy(deps, hooks[index]!, objects[index]!, HookDeletePolicy.Succeeded, deadline);
  }
}

async function deleteByPolicy(
  deps: ActionDeps,
  hook: Hook,
  object: Unstructured,
  policy: HookDeletePolicy,
  deadline: Deadline,
): Promise<void> {
  // helm never deletes CRD hooks: that would cascade to every custom resource.
  if (hook.kind === 'CustomResourceDefinition' || !hook.delete_policies?.includes(policy)) return;
  await deleteHookObject(deps, object, deadline);
}
