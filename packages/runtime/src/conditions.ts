import { type Condition, ConditionStatus, ConditionType } from '@driftless/api';

/** An object with Flux-style status conditions. */
export interface Conditioned {
  metadata: { generation?: number };
  status?: { conditions?: Condition[]; observedGeneration?: number; [field: string]: unknown };
}

const maxMessageLength = 32_768;
const leadingTypes: string[] = [ConditionType.Ready, ConditionType.Reconciling, ConditionType.Stalled];

export function getCondition(object: Conditioned, type: string): Condition | undefined {
  return object.status?.conditions?.find((condition) => condition.type === type);
}

export function isTrue(object: Conditioned, type: string): boolean {
  return getCondition(object, type)?.status === ConditionStatus.True;
}

export function isFalse(object: Conditioned, type: string): boolean {
  return getCondition(object, type)?.status === ConditionStatus.False;
}

export function isReady(object: Conditioned): boolean {
  return isTrue(object, ConditionType.Ready);
}

/**
 * Sets a condition the way Flux's setter does: the transition time moves only when the status
 * changes, observedGeneration is stamped from the object, the message is trimmed, and the list
 * stays sorted (Ready, Reconciling, Stalled, then by type).
 */
export function setCondition(
  object: Conditioned,
  condition: { type: string; status: ConditionStatus; reason: string; message: string },
  now: () => Date = () => new Date(),
): void {
  object.status ??= {};
  const conditions = object.status.conditions ?? [];
  const existing = conditions.find((c) => c.type === condition.type);
  const message = condition.message.trim().slice(0, maxMessageLength);
  const next: Condition = {
    type: condition.type,
    status: condition.status,
    observedGeneration: object.metadata.generation,
    lastTransitionTime: existing && existing.status === condition.status ? existing.lastTransitionTime : rfc3339(now()),
    reason: condition.reason,
    message,
  };
  if (next.observedGeneration === undefined) delete next.observedGeneration;
  object.status.conditions = [...conditions.filter((c) => c.type !== condition.type), next].sort(byConditionOrder);
}

export function markTrue(object: Conditioned, type: string, reason: string, message: string): void {
  setCondition(object, { type, status: ConditionStatus.True, reason, message });
}

export function markFalse(object: Conditioned, type: string, reason: string, message: string): void {
  setCondition(object, { type, status: ConditionStatus.False, reason, message });
}

export function markUnknown(object: Conditioned, type: string, reason: string, message: string): void {
  setCondition(object, { type, status: ConditionStatus.Unknown, reason, message });
}

/** Reconciling=True: work is under way (Flux sets it with reason Progressing). */
export function markReconciling(object: Conditioned, reason: string, message: string): void {
  markTrue(object, ConditionType.Reconciling, reason, message);
}

/** Stalled=True: the object cannot converge without a change to it; not retried until it changes. */
export function markStalled(object: Conditioned, reason: string, message: string): void {
  markTrue(object, ConditionType.Stalled, reason, message);
}

export function deleteCondition(object: Conditioned, type: string): void {
  if (!object.status?.conditions) return;
  object.status.conditions = object.status.conditions.filter((condition) => condition.type !== type);
}

function byConditionOrder(a: Condition, b: Condition): number {
  const rank = (type: string) => {
    const index = leadingTypes.indexOf(type);
    return index < 0 ? leadingTypes.length : index;
  };
  return rank(a.type) - rank(b.type) || a.type.localeCompare(b.type);
}

/** Kubernetes' metav1.Time: seconds precision, UTC. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
