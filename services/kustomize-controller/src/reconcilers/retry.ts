import { parseDuration, StallingError, WaitingError } from '@driftless/runtime';
import type { KustomizationObject } from './kustomization-object.js';

/** Flux retries a failed Kustomization at spec.retryInterval, spec.interval when unset. */
export function retryIntervalMs(object: KustomizationObject): number {
  return parseDuration(object.spec.retryInterval ?? object.spec.interval);
}

/** Turns a failure of one phase into Ready=False with Flux's reason, retried at the retry interval. */
export async function failingAs<R>(
  object: KustomizationObject,
  reason: string,
  operation: () => Promise<R>,
): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof WaitingError || error instanceof StallingError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new WaitingError(reason, message, retryIntervalMs(object), { cause: error });
  }
}
