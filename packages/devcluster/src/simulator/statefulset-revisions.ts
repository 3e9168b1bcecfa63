import type { KubeObject } from '../types.js';
import { ControllerRevisionHashLabel } from './constants.js';
import { controllerRevisionHash } from './hash.js';
import { controllerReference } from './plan.js';
import { asRecord, intOr, specOf, statusOf } from './values.js';

export interface RevisionHistory {
  /** The name of the ControllerRevision holding the current template: `<set>-<hash>`. */
  updateRevision: string;
  upsert: KubeObject[];
  remove: KubeObject[];
}

/** The patch a StatefulSet revision stores: `stateful_set_utils.go` `getPatch`. */
const revisionData = (set: KubeObject) => ({
  spec: { template: { ...asRecord(specOf(set).template), $patch: 'replace' } },
});

const isRevision = (obj: KubeObject) => obj.apiVersion === 'apps/v1' && obj.kind === 'ControllerRevision';
const revisionNumber = (obj: KubeObject) => intOr(obj.revision, 0);

/**
 * Keeps the StatefulSet's ControllerRevisions as the controller does: one per distinct template, the
 * current one renumbered to the newest, old ones pruned beyond revisionHistoryLimit.
 */
export function syncRevisionHistory(set: KubeObject, children: KubeObject[]): RevisionHistory {
  const existing = children.filter(isRevision);
  const data = revisionData(set);
  const hash = controllerRevisionHash(data, intOr(statusOf(set).collisionCount, 0));
  const prefix = (set.metadata.name ?? '').slice(0, 223);
  const updateRevision = `${prefix}-${hash}`;

  const newest = Math.max(0, ...existing.map(revisionNumber));
  const current = existing.find((r) => r.metadata.name === updateRevision);
  const upsert: KubeObject[] = [];
  if (!current) {
    upsert.push({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: updateRevision,
        namespace: set.metadata.namespace,
        labels: {
          ...(asRecord(asRecord(specOf(set).template).metadata).labels as Record<string, string> | undefined),
          [ControllerRevisionHashLabel]: hash,
        },
        annotations: { ...set.metadata.annotations },
        ownerReferences: [controllerReference(set)],
      },
      data,
      revision: newest + 1,
    });
  } else if (revisionNumber(current) < newest) {
    upsert.push({ ...structuredClone(current), revision: newest + 1 });
  }

  const live = new Set([updateRevision, statusOf(set).currentRevision]);
  const limit = intOr(specOf(set).revisionHistoryLimit, 10);
  const history = existing
    .filter((r) => !live.has(r.metadata.name))
    .sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const remove = history.slice(0, Math.max(0, history.length - limit));
  return { updateRevision, upsert, remove };
}
