export { type DevCluster, type DevClusterOptions, defaultDevClusterOptions, startDevCluster } from './dev-cluster.js';
export type { FaultOptions } from './faults/fault-options.js';
export { SIMULATE_ANNOTATION } from './simulator/constants.js';
export type { KubeObject, ObjectMeta, ResourceType } from './types.js';
