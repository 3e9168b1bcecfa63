/** Condition types source-controller sets besides Ready/Reconciling/Stalled. */
export const SourceCondition = {
  ArtifactOutdated: 'ArtifactOutdated',
  SourceVerified: 'SourceVerified',
  FetchFailed: 'FetchFailed',
  ArtifactInStorage: 'ArtifactInStorage',
  IncludeUnavailable: 'IncludeUnavailable',
  BuildFailed: 'BuildFailed',
  StorageOperationFailed: 'StorageOperationFailed',
} as const;
export type SourceCondition = (typeof SourceCondition)[keyof typeof SourceCondition];

/** Condition reasons source-controller uses. */
export const SourceReason = {
  URLInvalid: 'URLInvalid',
  AuthenticationFailed: 'AuthenticationFailed',
  VerificationError: 'VerificationError',
  DirCreationFailed: 'DirectoryCreationFailed',
  StatOperationFailed: 'StatOperationFailed',
  ReadOperationFailed: 'ReadOperationFailed',
  AcquireLockFailed: 'AcquireLockFailed',
  InvalidPath: 'InvalidPath',
  ArchiveOperationFailed: 'ArchiveOperationFailed',
  SymlinkUpdateFailed: 'SymlinkUpdateFailed',
  ArtifactUpToDate: 'ArtifactUpToDate',
  CacheOperationFailed: 'CacheOperationFailed',
  PatchOperationFailed: 'PatchOperationFailed',
  InvalidProviderConfiguration: 'InvalidProviderConfiguration',
  GitOperationFailed: 'GitOperationFailed',
  GitOperationSucceeded: 'GitOperationSucceed',
  NewRevision: 'NewRevision',
  IndexationFailed: 'IndexationFailed',
  IndexationSucceeded: 'IndexationSucceed',
  ChartPullFailed: 'ChartPullFailed',
  ChartPullSucceeded: 'ChartPullSucceeded',
  ChartPackageFailed: 'ChartPackageFailed',
  ChartPackageSucceeded: 'ChartPackageSucceeded',
  OCIPullFailed: 'OCIArtifactPullFailed',
  OCILayerOperationFailed: 'OCIArtifactLayerOperationFailed',
} as const;
export type SourceReason = (typeof SourceReason)[keyof typeof SourceReason];
