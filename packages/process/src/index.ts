export { controllerOptionsFromConfig } from './controller-options.js';
export type { CommonConfig, ControllerProcessOptions, ProcessDeps } from './controller-process.js';
export { runControllerProcess } from './controller-process.js';
