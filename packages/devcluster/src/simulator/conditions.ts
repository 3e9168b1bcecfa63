import type { Json } from './values.js';

export interface ConditionInput {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** Which timestamp besides lastTransitionTime a kind's conditions carry. */
export type HeartbeatField = 'lastUpdateTime' | 'lastProbeTime';

/**
 * Sets a condition the way the workload controllers do: unchanged when status, reason and message
 * agree; otherwise moved to the end with a fresh heartbeat, keeping lastTransitionTime unless the status
 * flipped.
 */
export function setCondition(
  conditions: Json[],
  input: ConditionInput,
  heartbeat: HeartbeatField,
  now: string,
): Json[] {
  const current = conditions.find((c) => c.type === input.type);
  if (
    current &&
    current.status === input.status &&
    current.reason === input.reason &&
    current.message === input.message
  ) {
    return conditions;
  }
  const transitioned = !current || current.status !== input.status;
  const next: Json = {
    type: input.type,
    status: input.status,
    [heartbeat]: now,
    lastTransitionTime: transitioned ? now : current.lastTransitionTime,
    reason: input.reason,
    message: input.message,
  };
  return [...conditions.filter((c) => c.type !== input.type), next];
}

export const conditionsOf = (status: Json): Json[] =>
  Array.isArray(status.conditions) ? (status.conditions as Json[]) : [];

export const conditionIs = (conditions: Json[], type: string, status: string): boolean =>
  conditions.some((c) => c.type === type && c.status === status);
