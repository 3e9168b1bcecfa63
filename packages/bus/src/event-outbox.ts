import { setTimeout as sleep } from 'node:timers/promises';
import type { FluxEvent } from '@driftless/api';
import type { Bus } from './connect.js';
import { publishEvent } from './events.js';

export interface EventOutboxOptions {
  /** The reporting controller, the `<controller>` token of the subject. */
  controller: string;
  /** Events held while NATS is unreachable; beyond this the oldest is dropped (and logged). */
  maxPending: number;
  /** Events published at once while draining. */
  batchSize: number;
  /** Wait after a failed publish, doubling up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export function defaultEventOutboxOptions(): Omit<EventOutboxOptions, 'controller'> {
  return { maxPending: 10_000, batchSize: 32, retryDelayMs: 200, maxRetryDelayMs: 10_000 };
}

export interface EventOutbox {
  /** Queues the event and returns at once; it reaches the stream as soon as NATS takes it. */
  publish(event: FluxEvent): Promise<void>;
  /** Events not yet acknowledged by the stream. */
  pending(): number;
  /** Events dropped because the outbox was full. */
  dropped(): number;
  /** Waits up to `timeoutMs` for every queued event to be stored, then stops; true when none is left. */
  close(timeoutMs: number): Promise<boolean>;
}

/**
 * Publishes events in order through an in-memory queue, so that a reconcile never waits on NATS and an
 * event emitted while NATS is down is sent once it is back instead of being lost. The stream dedups by
 * message id, so an event sent twice around a reconnect is stored once. The queue lives in memory:
 * events still queued when the process dies are lost (Kubernetes Events keep a copy).
 */
export function createEventOutbox(
  bus: Bus,
  options: Pick<EventOutboxOptions, 'controller'> & Partial<EventOutboxOptions>,
): EventOutbox {
  const opts: EventOutboxOptions = { ...defaultEventOutboxOptions(), ...options };
  const queue: FluxEvent[] = [];
  let droppedCount = 0;
  let closing = false;
  let draining: Promise<void> | undefined;
  const abort = new AbortController();

  const drain = async () => {
    let delay = opts.retryDelayMs;
    while (queue.length > 0 && !abort.signal.aborted) {
      const batch = queue.slice(0, opts.batchSize);
      const results = await Promise.allSettled(batch.map((event) => publishEvent(bus, opts.controller, event)));
      const sent = results.findIndex((result) => result.status === 'rejected');
      const done = sent === -1 ? batch.length : sent;
      queue.splice(0, done);
      if (sent === -1) {
        delay = opts.retryDelayMs;
        continue;
      }
      const failure = results[sent] as PromiseRejectedResult;
      bus.logger.warn(
        { err: failure.reason, pending: queue.length, retryInMs: delay },
        'cannot publish events; holding them until NATS is back',
      );
      await sleep(delay, undefined, { signal: abort.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, opts.maxRetryDelayMs);
    }
  };

  const kick = () => {
    draining ??= drain().finally(() => {
      draining = undefined;
      if (queue.length > 0 && !abort.signal.aborted) kick();
    });
  };

  return {
    async publish(event) {
      if (closing) throw new Error('event outbox is closed');
      queue.push(event);
      if (queue.length > opts.maxPending) {
        const lost = queue.shift()!;
        droppedCount++;
        bus.logger.error(
          {
            reason: lost.reason,
            object: `${lost.involvedObject.kind}/${lost.involvedObject.namespace}/${lost.involvedObject.name}`,
          },
          'event outbox full; dropped the oldest event',
        );
      }
      kick();
    },
    pending: () => queue.length,
    dropped: () => droppedCount,
    async close(timeoutMs) {
      closing = true;
      const timer = sleep(timeoutMs, undefined, { signal: abort.signal, ref: false })
        .then(() => abort.abort())
        .catch(() => undefined);
      while (queue.length > 0 && !abort.signal.aborted) {
        kick();
        await Promise.race([draining, timer]);
      }
      abort.abort();
      await draining;
      return queue.length === 0;
    },
  };
}
