export { ConditionStatus, ConditionType, Reason, ReconcileRequestAnnotation } from './conditions.js';
export type { Condition } from './conditions.js';
export { EventSeverity } from './event.js';
export type { FluxEvent, InvolvedObject } from './event.js';
