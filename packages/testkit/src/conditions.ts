import { eventually } from './eventually.js';

/** Any object with Flux-style status conditions, as tests read it back. */
export interface ConditionedObject {
  status?: {
    conditions?: { type: string; status?: string; reason?: string; message?: string }[];
    [key: string]: unknown;
  };
}

export function condition(object: ConditionedObject, type: string) {
  return object.status?.conditions?.find((c) => c.type === type);
}

/** Throws unless the object is Ready=True. */
export function ready(object: ConditionedObject): void {
  const found = condition(object, 'Ready');
  if (found?.status !== 'True') throw new Error(`not ready: ${found?.reason}: ${found?.message}`);
}

/** A check that throws unless the object is Ready=False with `reason`. */
export function notReadyWith(reason: string) {
  return (object: ConditionedObject): void => {
    const found = condition(object, 'Ready');
    if (found?.status !== 'False' || found.reason !== reason) {
      throw new Error(`expected Ready=False ${reason}, got ${found?.status} ${found?.reason}: ${found?.message}`);
    }
  };
}

/**
 * Reads an object until `check` accepts it (retrying while either throws) and returns it; on timeout
 * the error names `subject` and shows the last status seen.
 */
export async function waitForObject<T extends ConditionedObject>(
  subject: string,
  read: () => Promise<T>,
  check: (object: T) => void,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  let last: T | undefined;
  try {
    await eventually(
      async () => {
        last = await read();
        check(last);
      },
      { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 25 },
    );
  } catch (error) {
    throw new Error(`${subject}: ${(error as Error).message}\nlast seen: ${JSON.stringify(last?.status)}`);
  }
  return last as T;
}
