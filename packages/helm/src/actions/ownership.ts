import type { Unstructured } from '@driftless/apply';
import { HelmAnnotation, ManagedByLabel } from '../release/release.js';
import type { ActionDeps } from './action-types.js';
import { describeObject } from './release-objects.js';

/** What an action found about the objects it is about to write. */
export interface ObjectSurvey {
  /** Objects that do not exist yet: what the action creates (and `cleanupOnFail` removes again). */
  absent: Unstructured[];
}

/**
 * Reads each object: absent ones are collected; present ones must carry this release's ownership
 * metadata (helm's `existingResourceConflict`), anything else is an error naming every problem.
 */
export async function surveyObjects(
  deps: ActionDeps,
  objects: readonly Unstructured[],
  release: { name: string; namespace: string },
): Promise<ObjectSurvey> {
  const absent: Unstructured[] = [];
  for (const object of objects) {
    const live = await deps.manager.get(object);
    if (!live) {
      absent.push(object);
      continue;
    }
    const problem = ownershipProblem(live, release.name, release.namespace);
    if (problem) {
      throw new Error(`${describeObject(object)} exists and cannot be imported into the current release: ${problem}`);
    }
  }
  return { absent };
}

/** helm's `checkOwnership`: undefined when the object belongs to the release. */
export function ownershipProblem(live: Unstructured, name: string, namespace: string): string | undefined {
  const problems = [
    requireValue('label', live.metadata.labels, ManagedByLabel.key, ManagedByLabel.value),
    requireValue('annotation', live.metadata.annotations, HelmAnnotation.ReleaseName, name),
    requireValue('annotation', live.metadata.annotations, HelmAnnotation.ReleaseNamespace, namespace),
  ].filter((problem) => problem !== undefined);
  return problems.length > 0 ? `invalid ownership metadata; ${problems.join('; ')}` : undefined;
}

function requireValue(
  what: 'label' | 'annotation',
  values: Record<string, string> | undefined,
  key: string,
  expected: string,
): string | undefined {
  const actual = values?.[key];
  if (actual === undefined) return `${what} validation error: missing key "${key}": must be set to "${expected}"`;
  if (actual !== expected) {
    return `${what} validation error: key "${key}" must equal "${expected}": current value is "${actual}"`;
  }
  return undefined;
}
