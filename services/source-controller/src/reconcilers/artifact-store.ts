import { once } from 'node:events';
import { type ArchiveIgnoreFilter, type Artifact, createArchiveStream } from '@driftless/artifact';
import { type SourceDeps, type SourceObject, type StatusArtifact, storageRef } from './source-object.js';
import { StorageOperationError } from './storage-errors.js';

export interface StoreDirectoryOptions {
  kind: string;
  dir: string;
  ignore: ArchiveIgnoreFilter;
  fileName: string;
  revision: string;
}

/** Archives a source tree (deterministically) straight into storage and describes the stored file. */
export async function storeDirectory(
  deps: SourceDeps,
  object: SourceObject,
  options: StoreDirectoryOptions,
): Promise<StatusArtifact> {
  const stream = createArchiveStream(options.dir, { ignore: options.ignore });
  try {
    const stored = await deps.storage.store(storageRef(options.kind, object), stream, options.fileName);
    return statusArtifact(stored, options.revision);
  } catch (error) {
    stream.destroy();
    await once(stream, 'close').catch(() => undefined);
    throw new StorageOperationError(`unable to archive artifact to storage: ${(error as Error).message}`, error);
  }
}

/** Stores a file as it is (an index, a chart package, an OCI layer). */
export async function storeFile(
  deps: SourceDeps,
  object: SourceObject,
  options: { kind: string; file: string; fileName: string; revision: string },
): Promise<StatusArtifact> {
  try {
    const stored = await deps.storage.store(storageRef(options.kind, object), options.file, options.fileName);
    return statusArtifact(stored, options.revision);
  } catch (error) {
    throw new StorageOperationError(`unable to store artifact: ${(error as Error).message}`, error);
  }
}

function statusArtifact(stored: Artifact, revision: string): StatusArtifact {
  const { path, url, digest, size, lastUpdateTime } = stored;
  return { path, url, revision, digest, size, lastUpdateTime };
}
