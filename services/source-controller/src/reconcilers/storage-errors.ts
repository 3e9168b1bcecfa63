import { SourceReason } from '@driftless/api';

/** Writing to the artifact storage failed: retried, and reported as StorageOperationFailed. */
export class StorageOperationError extends Error {
  override name = 'StorageOperationError';
  readonly reason = SourceReason.ArchiveOperationFailed;

  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}
