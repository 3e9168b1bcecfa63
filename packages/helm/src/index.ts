export type { ActionDeps, WaitFlags } from './actions/action-types.js';
export { CrdPolicy, HelmActionError } from './actions/action-types.js';
export type { InstallOptions } from './actions/install.js';
export { defaultInstallOptions, install } from './actions/install.js';
export { inReleaseNamespace, objectsOfManifest, withOwnership } from './actions/release-objects.js';
export type { RollbackOptions } from './actions/rollback.js';
export { defaultRollbackOptions, rollback } from './actions/rollback.js';
export type { TestFilter, TestOptions } from './actions/test-release.js';
export { defaultTestOptions, testRelease } from './actions/test-release.js';
export type { UninstallOptions } from './actions/uninstall.js';
export { DeletionPropagation, defaultUninstallOptions, uninstall } from './actions/uninstall.js';
export type { UpgradeOptions } from './actions/upgrade.js';
export { defaultUpgradeOptions, upgrade } from './actions/upgrade.js';
export { releaseNameOf, releaseNamespaceOf, storageNamespaceOf } from './flux/helm-release-names.js';
export { renderRequestOf } from './flux/helm-release-render.js';
export type {
  Chart,
  ChartFile,
  ChartMetadata,
  Hook,
  HookExecution,
  Release,
  ReleaseInfo,
  Values,
} from './release/release.js';
export {
  HelmAnnotation,
  HookDeletePolicy,
  HookEvent,
  HookPhase,
  ManagedByLabel,
  ReleaseStatus,
} from './release/release.js';
export { RenderError, RenderErrorReason } from './render/render-errors.js';
export type { RendererOptions } from './render/render-release.js';
export { renderRelease } from './render/render-release.js';
export type { PostRenderer, RenderedRelease, RenderRequest } from './render/rendered-release.js';
export { createReleaseStorage, type ReleaseStorageOptions } from './storage/create-release-storage.js';
export { decodeRelease, encodeRelease } from './storage/release-codec.js';
export type { ReleaseStorage } from './storage/release-storage.js';
export { StorageDriver } from './storage/release-storage.js';
export { releaseDigest, snapshotOf } from './storage/snapshot.js';
export { ReleaseDecodeError, ReleaseExistsError, ReleaseNotFoundError } from './storage/storage-errors.js';
export { clusterValuesReader } from './values/cluster-values.js';
export type { ReadValuesKey, ValuesReference } from './values/compose-values.js';
export { composeValues } from './values/compose-values.js';
export { valuesChecksum, valuesDigest } from './values/values-digest.js';
export { ValuesReferenceError, ValuesReferenceReason } from './values/values-reference-error.js';
