import { SourceCondition, SourceReason } from '@driftless/api';
import { markTrue, StallingError, TransientError } from '@driftless/runtime';
import type { SourceObject } from './source-object.js';

type ReasonedError = Error & { reason: string; persistent?: boolean };
type ErrorClass = abstract new (...args: never[]) => ReasonedError;

/**
 * Runs a fetch (Git, Helm, OCI) and turns its own failures into Flux's FetchFailed condition (or
 * `condition`, e.g. BuildFailed) and a retried error with the same reason; an address that can
 * never work, or an error that says only a spec change can heal it, stalls instead.
 */
export async function asFetchFailure<R>(
  object: SourceObject,
  errorClasses: readonly ErrorClass[],
  operation: () => Promise<R>,
  condition: string = SourceCondition.FetchFailed,
): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if (!errorClasses.some((errorClass) => error instanceof errorClass)) throw error;
    const { reason, message, persistent } = error as ReasonedError;
    markTrue(object, condition, reason, message);
    if (persistent || reason === SourceReason.URLInvalid) throw new StallingError(reason, message, { cause: error });
    throw new TransientError(reason, message, { cause: error });
  }
}
