import { FluxAnnotation, PruneDisabled } from '@driftless/api';
import {
  Action,
  inventoryDiff,
  inventoryFromObjects,
  inventoryRefs,
  type ResourceManager,
  refOf,
  sortObjects,
  subjectOf,
  type Unstructured,
} from '@driftless/apply';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { NamedKustomization } from './load-kustomization.js';
import { maskSecrets } from './secret-mask.js';

export const DiffAction = { Created: 'created', Drifted: 'drifted', Deleted: 'deleted' } as const;
export type DiffAction = (typeof DiffAction)[keyof typeof DiffAction];

export interface ObjectChange {
  /** `Kind/namespace/name`. */
  subject: string;
  action: DiffAction;
  /** The unified diff of a drifted object, live → after apply. */
  patch?: string;
}

export interface DiffOutcome {
  changes: ObjectChange[];
  /** Objects the server could not dry-run, one message each. */
  errors: string[];
}

/** Each built object dry-run against the cluster (server-side apply, as the controller applies it). */
export async function diffObjects(manager: ResourceManager, objects: readonly Unstructured[]): Promise<DiffOutcome> {
  const outcome: DiffOutcome = { changes: [], errors: [] };
  const newNamespaces = new Set<string>();
  for (const object of sortObjects(objects)) {
    const subject = subjectOf(refOf(object));
    try {
      const result = await manager.diff(object);
      if (result.action === Action.Created) {
        outcome.changes.push({ subject, action: DiffAction.Created });
        if (object.kind === 'Namespace' && object.apiVersion === 'v1') newNamespaces.add(object.metadata.name);
      } else if (result.action === Action.Configured && result.live) {
        outcome.changes.push({
          subject,
          action: DiffAction.Drifted,
          patch: unifiedDiff(subject, result.live, result.merged),
        });
      }
    } catch (error) {
      // A dry run cannot place an object in a namespace that only this build creates.
      if (newNamespaces.has(object.metadata.namespace ?? '')) {
        outcome.changes.push({ subject, action: DiffAction.Created });
        continue;
      }
      outcome.errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return outcome;
}

/** Objects of the Kustomization's inventory the build no longer has, still in the cluster and not kept by annotation. */
export async function prunedObjects(
  manager: ResourceManager,
  kustomization: NamedKustomization,
  objects: readonly Unstructured[],
): Promise<ObjectChange[]> {
  const inventory = kustomization.status?.inventory;
  if (!inventory) return [];
  const changes: ObjectChange[] = [];
  for (const ref of inventoryRefs(inventoryDiff(inventory, inventoryFromObjects([...objects])))) {
    const live = await manager.get(ref);
    if (!live || live.metadata.annotations?.[FluxAnnotation.Prune] === PruneDisabled) continue;
    changes.push({ subject: subjectOf(ref), action: DiffAction.Deleted });
  }
  return changes;
}

function unifiedDiff(subject: string, live: Unstructured, merged: Unstructured): string {
  const [before, after] = maskSecrets(live, merged);
  const patch = createTwoFilesPatch(`live/${subject}`, `merged/${subject}`, toYaml(before), toYaml(after));
  return patch.replace(/^=+\n/, '');
}

/** The object without what the server keeps for itself, as sorted YAML. */
function toYaml(object: Unstructured): string {
  const { status: _status, metadata, ...rest } = object;
  const { managedFields: _m, resourceVersion: _r, uid: _u, creationTimestamp: _c, generation: _g, ...meta } = metadata;
  return stringify({ ...rest, metadata: meta }, { sortMapEntries: true, lineWidth: 0 });
}
