import { defaultApplyOptions, type Unstructured } from '@driftless/apply';
import { errorText } from './action-clock.js';
import type { ActionDeps } from './action-types.js';
import { describeObject, isKept, objectsMissingFrom } from './release-objects.js';

/**
 * Server-side applies the release's objects (CRDs and Namespaces first); `force` recreates objects
 * whose immutable fields changed.
 */
export async function applyObjects(deps: ActionDeps, objects: readonly Unstructured[], force: boolean): Promise<void> {
  if (objects.length === 0) return;
  await deps.manager.applyAllStaged(objects, { ...defaultApplyOptions(), force });
}

/**
 * Deletes what the previous revision had and the new one dropped, except objects kept by
 * `helm.sh/resource-policy: keep` (on the manifest or the live object). Like helm, a failed delete
 * is logged and does not fail the action.
 */
export async function deleteDropped(
  deps: ActionDeps,
  previous: readonly Unstructured[],
  next: readonly Unstructured[],
): Promise<void> {
  for (const object of objectsMissingFrom(previous, next)) {
    try {
      const live = await deps.manager.get(object);
      if (!live || isKept(object) || isKept(live)) continue;
      await deps.manager.delete(object, { propagationPolicy: 'Background' });
    } catch (error) {
      deps.logger?.warn({ object: describeObject(object), err: errorText(error) }, 'could not delete a dropped object');
    }
  }
}

/** `cleanupOnFail`: removes the objects this failed action created; returns the errors. */
export async function deleteCreated(deps: ActionDeps, created: readonly Unstructured[]): Promise<string[]> {
  const errors: string[] = [];
  for (const object of created) {
    try {
      await deps.manager.delete(object, { propagationPolicy: 'Background' });
    } catch (error) {
      errors.push(errorText(error));
    }
  }
  return errors;
}
