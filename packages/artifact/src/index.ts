export type { ArchiveIgnoreFilter, ArchiveOptions } from './archive-build.js';
export {
  buildArchive,
  createArchiveStream,
  defaultArchiveOptions,
  directoryMode,
  executableMode,
  fileMode,
  symlinkMode,
} from './archive-build.js';
export type { ExtractOptions, ExtractResult } from './archive-extract.js';
export { defaultExtractOptions, extractArchive } from './archive-extract.js';
export type { AtomicWriteOptions, WrittenFile } from './atomic-write.js';
export { defaultAtomicWriteOptions, writeFileAtomic } from './atomic-write.js';
export type { ByteSource, ParsedDigest } from './digest.js';
export { DigestAlgorithm, DigestingStream, digestOf, formatDigest, parseDigest, verifyDigest } from './digest.js';
export {
  ArchiveBuildError,
  ArtifactError,
  ArtifactFetchError,
  ArtifactTooLargeError,
  DigestMismatchError,
  ExtractError,
  InvalidDigestError,
  StoragePathError,
  UnsafeArchiveError,
  UnsafeArchiveReason,
} from './errors.js';
export type { FetchArtifactOptions, FetchedArtifact } from './fetch-artifact.js';
export { defaultFetchArtifactOptions, fetchArtifact } from './fetch-artifact.js';
export type {
  Artifact,
  ArtifactStorage,
  ArtifactStorageOptions,
  GarbageCollectOptions,
  ObjectRef,
  RetentionOptions,
  StoredFile,
  StoreOptions,
} from './storage.js';
export { createArtifactStorage, defaultRetentionOptions } from './storage.js';
