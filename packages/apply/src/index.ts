export type { AppliedRecord } from './applied-records.js';
export { AppliedRecords } from './applied-records.js';
export type { ApplyOptions } from './apply.js';
export { cleanupPatch, defaultApplyOptions } from './apply.js';
export { ApplyError, isImmutableError, ManifestError, UnknownKindError } from './apply-errors.js';
export type { ChangeSet, ChangeSetEntry } from './change-set.js';
export { Action, formatChangeSet, hasChanges, summarizeChangeSet } from './change-set.js';
export type { DeleteOptions } from './delete.js';
export { defaultDeleteOptions } from './delete.js';
export type { DiffResult } from './diff.js';
export { changedPaths, maxDriftedFields } from './diff.js';
export type { AppliedObjectChange, OwnerLabels } from './drift-trigger.js';
export { driftedOwner } from './drift-trigger.js';
export type { Health } from './health.js';
export { computeHealth, HealthStatus } from './health.js';
export type { IgnoreRule } from './ignore-paths.js';
export { keepIgnoredFields, matchesTarget } from './ignore-paths.js';
export type { Inventory, InventoryEntry, InventoryRef } from './inventory.js';
export {
  apiVersionOfRef,
  inventoryDiff,
  inventoryFromChangeSet,
  inventoryFromObjects,
  inventoryRefs,
  mergeInventory,
} from './inventory.js';
export type { ObjectTarget } from './live-object.js';
export type { ParseManifestsOptions } from './manifests.js';
export { parseManifests } from './manifests.js';
export type { ObjectReader, ObjectReadRef, ResourceResolver } from './object-reader.js';
export { createApiReader, ObjectReadError } from './object-reader.js';
export type {
  ObjectChange,
  ObjectChangeHandler,
  ObjectWatch,
  ObjectWatchDeps,
  ObjectWatchOptions,
} from './object-watch.js';
export { createObjectWatch, defaultObjectWatchOptions, ObjectChangeType, ObjectWatchError } from './object-watch.js';
export type { ObjectRef, Unstructured } from './objects.js';
export { formatObjectId, groupOf, objectIdOf, parseObjectId, refOf, subjectOf } from './objects.js';
export type { ManagerContext, ResourceManagerDeps, ResourceManagerOptions } from './resource-manager.js';
export { DefaultFieldManager, defaultResourceManagerOptions, ResourceManager } from './resource-manager.js';
export type { RestMapper } from './rest-mapper.js';
export { createRestMapper } from './rest-mapper.js';
export { sortObjects, stageObjects } from './staging.js';
export type { HealthResult, WaitDeps, WaitOptions, WaitTarget } from './wait.js';
export { defaultWaitOptions, HealthCheckError, waitForHealth } from './wait.js';
