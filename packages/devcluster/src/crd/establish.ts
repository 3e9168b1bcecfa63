import type { KubeObject } from '../types.js';
import { crdSpecOf, defaultedNames } from './crd-spec.js';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function withCondition(conditions: Condition[], next: Condition): Condition[] {
  const existing = conditions.find((c) => c.type === next.type);
  if (existing && existing.status === next.status) {
    return conditions.map((c) =>
      c.type === next.type ? { ...next, lastTransitionTime: existing.lastTransitionTime } : c,
    );
  }
  return [...conditions.filter((c) => c.type !== next.type), next];
}

/**
 * The CRD with the status the API server gives it once its names are accepted: NamesAccepted and
 * Established conditions, acceptedNames, and the storage version recorded in storedVersions.
 */
export function establishCrd(crd: KubeObject, now: string): KubeObject {
  const spec = crdSpecOf(crd);
  const names = defaultedNames(spec.names);
  const status = (crd.status ?? {}) as { conditions?: Condition[]; storedVersions?: string[] };
  let conditions = status.conditions ?? [];
  conditions = withCondition(conditions, {
    type: 'NamesAccepted',
    status: 'True',
    reason: 'NoConflicts',
    message: 'no conflicts found',
    lastTransitionTime: now,
  });
  conditions = withCondition(conditions, {
    type: 'Established',
    status: 'True',
    reason: 'InitialNamesAccepted',
    message: 'the initial names have been accepted',
    lastTransitionTime: now,
  });
  const storage = (spec.versions ?? []).find((v) => v.storage)?.name;
  const storedVersions = [...(status.storedVersions ?? [])];
  if (storage && !storedVersions.includes(storage)) storedVersions.push(storage);
  const acceptedNames = {
    plural: names.plural ?? '',
    singular: names.singular ?? '',
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    kind: names.kind ?? '',
    listKind: names.listKind ?? '',
    ...(names.categories?.length ? { categories: names.categories } : {}),
  };
  return { ...crd, status: { ...status, conditions, acceptedNames, storedVersions } };
}
