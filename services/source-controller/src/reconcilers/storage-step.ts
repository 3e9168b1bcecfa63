import { SourceCondition } from '@driftless/api';
import { deleteCondition, markReconciling, markTrue, type ReconcileStep } from '@driftless/runtime';
import { type SourceDeps, type SourceObject, storageRef } from './source-object.js';

/**
 * Flux's reconcileStorage: collects superseded artifacts (never the one in status) and forgets an
 * artifact whose file has gone, so that the next steps build it again.
 */
export function reconcileStorage<T extends SourceObject, S>(kind: string, deps: SourceDeps): ReconcileStep<T, S> {
  return async function reconcileStorage(ctx, object) {
    const current = object.status?.artifact;
    const ref = storageRef(kind, object);
    const collected = await deps.storage.garbageCollect(ref, { ...deps.retention, current: current?.path });
    if (collected.length > 0) ctx.logger.debug({ collected }, 'garbage collected old artifacts');
    if (!current) {
      markReconciling(object, 'NoArtifact', 'building artifact');
      return;
    }
    if (!(await deps.storage.exists(current.path))) {
      delete object.status?.artifact;
      deleteCondition(object, SourceCondition.ArtifactInStorage);
      markReconciling(object, 'NoArtifact', 'building artifact: disappeared from storage');
      return;
    }
    markTrue(
      object,
      SourceCondition.ArtifactInStorage,
      'Succeeded',
      `stored artifact for revision '${current.revision}'`,
    );
  };
}
