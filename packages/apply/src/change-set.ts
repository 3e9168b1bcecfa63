import type { ObjectRef } from './objects.js';

/** What applying or deleting did to one object (fluxcd/pkg `ssa.Action`). */
export const Action = {
  Created: 'created',
  Configured: 'configured',
  Unchanged: 'unchanged',
  Deleted: 'deleted',
  Skipped: 'skipped',
} as const;
export type Action = (typeof Action)[keyof typeof Action];

export interface ChangeSetEntry {
  ref: ObjectRef;
  /** `Kind/namespace/name`. */
  subject: string;
  /** The object's apiVersion. */
  version: string;
  action: Action;
  /** Dotted paths that differed from the cluster (for `configured`). */
  driftedFields?: string[];
  /** The object's resourceVersion once the apply is done (absent for skipped and deleted objects). */
  resourceVersion?: string;
}

export interface ChangeSet {
  entries: ChangeSetEntry[];
}

const changedActions: ReadonlySet<Action> = new Set([Action.Created, Action.Configured, Action.Deleted]);

export function summarizeChangeSet(changeSet: ChangeSet): Record<Action, number> {
  const summary: Record<Action, number> = { created: 0, configured: 0, unchanged: 0, deleted: 0, skipped: 0 };
  for (const entry of changeSet.entries) summary[entry.action] += 1;
  return summary;
}

export function hasChanges(changeSet: ChangeSet): boolean {
  return changeSet.entries.some((entry) => changedActions.has(entry.action));
}

/** Flux's event text: one `Kind/ns/name action` line per created, configured or deleted object. */
export function formatChangeSet(changeSet: ChangeSet): string {
  return changeSet.entries
    .filter((entry) => changedActions.has(entry.action))
    .map((entry) => `${entry.subject} ${entry.action}`)
    .join('\n');
}
