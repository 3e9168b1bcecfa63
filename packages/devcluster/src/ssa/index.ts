export type { ApplyOptions } from './apply.js';
export { serverSideApply } from './apply.js';
export type { ApplyConflict } from './errors.js';
export { ApplyConflictError, InvalidApplyConfigError } from './errors.js';
export { fieldPaths, fieldSetOf } from './inspect.js';
export type { TrackUpdateOptions } from './track-update.js';
export { trackUpdate } from './track-update.js';
