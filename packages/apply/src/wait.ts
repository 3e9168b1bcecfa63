import { computeHealth, type Health, HealthStatus } from './health.js';
import type { ObjectReader } from './object-reader.js';
import { formatObjectId, type ObjectRef, objectIdOf, subjectOf, type Unstructured } from './objects.js';

export interface WaitOptions {
  timeoutMs: number;
  /** How often objects are read again when nothing woke the wait earlier. */
  pollIntervalMs: number;
  /** Give up as soon as one object is Failed instead of waiting for the timeout. */
  failFast: boolean;
  signal?: AbortSignal;
}

export function defaultWaitOptions(): WaitOptions {
  return { timeoutMs: 5 * 60_000, pollIntervalMs: 500, failFast: true };
}

export interface WaitTarget {
  ref: ObjectRef;
  apiVersion: string;
}

export interface HealthResult extends Health {
  ref: ObjectRef;
}

/** Subscribes to object changes (an ObjectWatch's `onChange`); returns the unsubscribe function. */
export type ChangeSubscriber = (handler: (change: { object: Unstructured }) => void) => () => void;

export interface WaitDeps {
  reader: ObjectReader;
  /** Wakes the wait as soon as a waited-for object changes, instead of at the next poll. */
  onChange?: ChangeSubscriber;
}

/** Some objects did not become Current; `results` holds the last health of every object waited for. */
export class HealthCheckError extends Error {
  override name = 'HealthCheckError';

  constructor(
    message: string,
    readonly results: HealthResult[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Waits until every object is Current, the way Flux's health checks do: reads each object through
 * the reader (a watch cache makes that free), computes its kstatus health, and fails early on a
 * Failed object when `failFast` is set. Resolves with the final results.
 */
export async function waitForHealth(
  targets: WaitTarget[],
  options: WaitOptions,
  deps: WaitDeps,
): Promise<HealthResult[]> {
  const deadline = Date.now() + options.timeoutMs;
  const wake = createWake(deps.onChange, new Set(targets.map((target) => formatObjectId(target.ref))));
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const results = await Promise.all(targets.map((target) => checkHealth(deps.reader, target)));
      if (results.every((result) => result.status === HealthStatus.Current)) return results;
      const failed = results.filter((result) => result.status === HealthStatus.Failed);
      if (options.failFast && failed.length > 0) {
        throw new HealthCheckError(
          `failed early due to stalled resources: [${failed.map(describe).join(', ')}]`,
          results,
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const notReady = results.filter((result) => result.status !== HealthStatus.Current);
        throw new HealthCheckError(`timeout waiting for: [${notReady.map(describe).join(', ')}]`, results);
      }
      await wake.next(Math.min(options.pollIntervalMs, remaining), options.signal);
    }
  } finally {
    wake.close();
  }
}

async function checkHealth(reader: ObjectReader, target: WaitTarget): Promise<HealthResult> {
  const { ref } = target;
  try {
    const object = await reader.get({ ...ref, apiVersion: target.apiVersion });
    if (!object) return { ref, status: HealthStatus.NotFound, message: 'not found' };
    return { ref, ...computeHealth(object) };
  } catch (error) {
    return { ref, status: HealthStatus.Unknown, message: `cannot read: ${(error as Error).message}` };
  }
}

/** Flux's wording: `Deployment/apps/web status: 'InProgress': 1 of 3 replicas ready`. */
function describe(result: HealthResult): string {
  return `${subjectOf(result.ref)} status: '${result.status}': ${result.message}`;
}

interface Wake {
  /** Resolves after `ms`, on abort, or as soon as a watched object changed (at once if it already did). */
  next(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

function createWake(subscribe: ChangeSubscriber | undefined, ids: Set<string>): Wake {
  let changed = false;
  let resolveWaiter: (() => void) | undefined;
  const unsubscribe = subscribe?.((change) => {
    if (!ids.has(objectIdOf(change.object))) return;
    changed = true;
    resolveWaiter?.();
  });
  return {
    next(ms, signal) {
      if (changed || signal?.aborted) {
        changed = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolveWaiter = undefined;
          changed = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
        resolveWaiter = done;
      });
    },
    close() {
      unsubscribe?.();
      resolveWaiter?.();
    },
  };
}
