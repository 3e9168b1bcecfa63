import { ConditionType, EventSeverity, SourceCondition } from '@driftless/api';
import { deleteCondition, markTrue, type ReconcileContext } from '@driftless/runtime';
import type { SourceObject, StatusArtifact } from './source-object.js';

export const NewArtifactReason = 'NewArtifact';

/** Flux's success message: the same on Ready and ArtifactInStorage. */
export function storedMessage(revision: string | undefined): string {
  return `stored artifact for revision '${revision ?? ''}'`;
}

/** Puts a new artifact in status, says so in the conditions and announces it (event NewArtifact). */
export async function recordArtifact(
  ctx: ReconcileContext,
  object: SourceObject,
  artifact: StatusArtifact,
  eventMessage: string,
): Promise<void> {
  const changed =
    object.status?.artifact?.digest !== artifact.digest || object.status?.artifact?.revision !== artifact.revision;
  object.status ??= {};
  object.status.artifact = artifact;
  markReady(object);
  if (!changed) return;
  await ctx.events.emit(object, EventSeverity.Info, eventMessage, {
    reason: NewArtifactReason,
    metadata: { revision: artifact.revision, digest: artifact.digest ?? '' },
  });
}

/** The conditions of a source whose artifact in status is the one wanted. */
export function markReady(object: SourceObject): void {
  const message = storedMessage(object.status?.artifact?.revision);
  deleteCondition(object, SourceCondition.ArtifactOutdated);
  deleteCondition(object, SourceCondition.FetchFailed);
  deleteCondition(object, SourceCondition.BuildFailed);
  deleteCondition(object, SourceCondition.StorageOperationFailed);
  markTrue(object, SourceCondition.ArtifactInStorage, 'Succeeded', message);
  markTrue(object, ConditionType.Ready, 'Succeeded', message);
}

/** A newer revision upstream than the one stored (Flux's ArtifactOutdated / NewRevision). */
export function markOutdated(object: SourceObject, revision: string): void {
  if (object.status?.artifact?.revision === revision) return;
  const verb = object.status?.artifact ? 'new upstream revision' : 'building artifact: new revision';
  markTrue(object, SourceCondition.ArtifactOutdated, 'NewRevision', `${verb} '${revision}'`);
}
