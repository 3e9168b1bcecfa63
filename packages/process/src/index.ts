export type { ApplierInputs } from './applier-inputs.js';
export { syncApplierInputs } from './applier-inputs.js';
export { controllerOptionsFromConfig } from './controller-options.js';
export type { CommonConfig, ControllerProcessOptions, ProcessDeps } from './controller-process.js';
export { runControllerProcess } from './controller-process.js';
export type { ServeDeps, ServedController, ServeOptions, ServingControllers } from './serve-controllers.js';
export { serveControllers, servedController } from './serve-controllers.js';
export type { DependentKeys } from './wake-dependents.js';
export { wakeDependents } from './wake-dependents.js';
