import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RateLimiter } from './rate-limiter.js';

/** Telemetry callbacks mirroring controller-runtime's workqueue metrics. */
export interface WorkQueueHooks {
  /** A key became pending (workqueue_adds_total). */
  onAdd?(): void;
  /** Number of pending keys, including ones re-added while in flight (workqueue_depth). */
  onDepth?(depth: number): void;
  /** A key was re-queued through the rate limiter (workqueue_retries_total). */
  onRetry?(): void;
  /** Seconds between a key becoming pending and a worker getting it (workqueue_queue_duration_seconds). */
  onQueueLatency?(seconds: number): void;
  /** Seconds between get() and done() of a key (workqueue_work_duration_seconds). */
  onWorkDuration?(seconds: number): void;
}

export interface WorkQueueOptions {
  name: string;
  rateLimiter: RateLimiter;
  hooks?: WorkQueueHooks;
  /** Each addAfter delay is stretched by a random fraction in [0, jitter), e.g. 0.1. */
  jitter?: number;
  /** Clock in milliseconds, monotonic by default. */
  now?: () => number;
}

export interface WorkQueue {
  readonly name: string;
  readonly shuttingDown: boolean;
  /** Marks `key` pending. A pending key is not queued twice; a key in flight is queued again after done(). */
  add(key: string): void;
  /** Adds `key` after `delayMs` (jittered). A key waiting already keeps the earlier of the two times. */
  addAfter(key: string, delayMs: number): void;
  /** Adds `key` after the rate limiter's delay for it. */
  addRateLimited(key: string): void;
  /** Resets the backoff of `key`, typically after a successful reconcile. */
  forget(key: string): void;
  numRequeues(key: string): number;
  /** Resolves with the next ready key, or undefined once the queue shuts down or `signal` aborts. */
  get(signal?: AbortSignal): Promise<string | undefined>;
  /** Must be called once per key handed out by get(). */
  done(key: string): void;
  /** Number of keys ready to be handed out. */
  len(): number;
  /** Stops accepting keys, resolves every waiting get() with undefined and drops pending keys. */
  shutDown(): void;
  /** Like shutDown(), then waits until every key in flight is done(); false if `timeoutMs` passes first. */
  shutDownWithDrain(timeoutMs: number): Promise<boolean>;
}

const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const { name, rateLimiter, hooks = {}, jitter = 0 } = options;
  if (!(jitter >= 0)) throw new RangeError(`work queue ${name}: jitter must be >= 0, got ${jitter}`);
  const now = options.now ?? (() => performance.now());

  const ready = new Fifo<string>();
  const dirty = new Set<string>();
  const addedAt = new Map<string, number>();
  const processing = new Map<string, number>();
  const waiters = new Fifo<Waiter>();
  const drainWaiters = new Set<() => void>();
  const delayed = new DelayedKeys();
  let timer: { handle: NodeJS.Timeout; at: number } | undefined;
  let shuttingDown = false;

  const reportDepth = () => hooks.onDepth?.(dirty.size);

  const handOut = (key: string): string => {
    const t = now();
    dirty.delete(key);
    processing.set(key, t);
    const added = addedAt.get(key);
    addedAt.delete(key);
    if (added !== undefined) hooks.onQueueLatency?.(Math.max(0, t - added) / 1000);
    reportDepth();
    return key;
  };

  const dispatch = () => {
    while (ready.length > 0 && waiters.length > 0) {
      const waiter = waiters.shift()!;
      waiter.resolve(handOut(ready.shift()!));
    }
  };

  const add = (key: string) => {
    if (shuttingDown || dirty.has(key)) return;
    dirty.add(key);
    addedAt.set(key, now());
    hooks.onAdd?.();
    reportDepth();
    if (processing.has(key)) return;
    ready.push(key);
    dispatch();
  };

  const clearTimer = () => {
    if (timer === undefined) return;
    clearTimeout(timer.handle);
    timer = undefined;
  };

  const armTimer = () => {
    const next = delayed.peekTime();
    if (next === undefined) {
      clearTimer();
      return;
    }
    if (timer !== undefined && timer.at <= next) return;
    clearTimer();
    const delay = Math.min(Math.max(0, Math.ceil(next - now())), MAX_TIMER_DELAY_MS);
    const handle = setTimeout(fire, delay);
    handle.unref();
    timer = { handle, at: next };
  };

  function fire() {
    timer = undefined;
    for (const key of delayed.popDue(now())) add(key);
    armTimer();
  }

  const addAfter = (key: string, delayMs: number) => {
    if (shuttingDown) return;
    const delay = jitter > 0 ? delayMs * (1 + Math.random() * jitter) : delayMs;
    if (!(delay > 0)) {
      add(key);
      return;
    }
    if (delayed.schedule(key, now() + delay)) armTimer();
  };

  const settleDrain = () => {
    if (processing.size > 0) return;
    for (const resolve of drainWaiters) resolve();
    drainWaiters.clear();
  };

  const stop = () => {
    if (shuttingDown) return;
    shuttingDown = true;
    clearTimer();
    delayed.clear();
    ready.clear();
    dirty.clear();
    addedAt.clear();
    reportDepth();
    while (waiters.length > 0) waiters.shift()!.resolve(undefined);
  };

  const shutDown = () => {
    stop();
    // A plain shutDown() also ends a drain in progress, as in client-go.
    for (const resolve of drainWaiters) resolve();
    drainWaiters.clear();
  };

  return {
    name,
    get shuttingDown() {
      return shuttingDown;
    },
    add,
    addAfter,
    addRateLimited(key) {
      if (shuttingDown) return;
      hooks.onRetry?.();
      addAfter(key, rateLimiter.when(key));
    },
    forget: (key) => rateLimiter.forget(key),
    numRequeues: (key) => rateLimiter.numRequeues(key),
    get(signal) {
      if (shuttingDown || signal?.aborted) return Promise.resolve(undefined);
      if (ready.length > 0) return Promise.resolve(handOut(ready.shift()!));
      return new Promise((resolve) => {
        const waiter: Waiter = {
          resolve(key) {
            signal?.removeEventListener('abort', onAbort);
            resolve(key);
          },
        };
        const onAbort = () => {
          waiters.remove(waiter);
          resolve(undefined);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    done(key) {
      const started = processing.get(key);
      if (started === undefined) return;
      processing.delete(key);
      hooks.onWorkDuration?.(Math.max(0, now() - started) / 1000);
      if (!shuttingDown && dirty.has(key)) {
        ready.push(key);
        dispatch();
      }
      settleDrain();
    },
    len: () => ready.length,
    shutDown,
    shutDownWithDrain(timeoutMs) {
      stop();
      if (processing.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const onDrained = () => {
          clearTimeout(deadline);
          resolve(processing.size === 0);
        };
        const deadline = setTimeout(() => {
          drainWaiters.delete(onDrained);
          resolve(false);
        }, timeoutMs);
        drainWaiters.add(onDrained);
      });
    },
  };
}

export interface RunWorkersOptions {
  concurrency: number;
  /** Stops the workers (not the queue): each finishes its current key and takes no more. */
  signal?: AbortSignal;
  /** Receives whatever the handler threw; the worker carries on with the next key. */
  onError?: (error: unknown, key: string) => void;
}

/** Runs `concurrency` workers doing get → handler → done until the queue shuts down or `signal` aborts. */
export async function runWorkers(
  queue: WorkQueue,
  options: RunWorkersOptions,
  handler: (key: string) => Promise<void>,
): Promise<void> {
  const { concurrency, signal, onError } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`runWorkers needs an integer concurrency >= 1, got ${concurrency}`);
  }
  const worker = async () => {
    for (;;) {
      const key = await queue.get(signal);
      if (key === undefined) return;
      try {
        await handler(key);
      } catch (error) {
        try {
          onError?.(error, key);
        } catch {
          // A failing error reporter must not kill the worker.
        }
      } finally {
        queue.done(key);
      }
      // A handler that never awaits real I/O would otherwise loop on microtasks and starve timers and sockets.
      await yieldToEventLoop();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

interface Waiter {
  resolve(key: string | undefined): void;
}

/** Array-backed FIFO with O(1) amortised shift. */
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  remove(item: T): void {
    const index = this.#items.indexOf(item, this.#head);
    if (index >= 0) this.#items.splice(index, 1);
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

interface DelayedEntry {
  key: string;
  readyAt: number;
  seq: number;
}

/**
 * Keys waiting for their time, in a binary min-heap ordered by (readyAt, insertion order). Moving a
 * key earlier pushes a new entry and leaves the old one behind; stale entries are skipped when they
 * surface, so no entry ever needs to be found inside the heap.
 */
class DelayedKeys {
  #heap: DelayedEntry[] = [];
  #readyAt = new Map<string, number>();
  #seq = 0;

  /** Returns true when `key` got an earlier time than it had. */
  schedule(key: string, readyAt: number): boolean {
    const current = this.#readyAt.get(key);
    if (current !== undefined && current <= readyAt) return false;
    this.#readyAt.set(key, readyAt);
    this.#push({ key, readyAt, seq: this.#seq++ });
    return true;
  }

  peekTime(): number | undefined {
    this.#dropStale();
    return this.#heap[0]?.readyAt;
  }

  popDue(now: number): string[] {
    const due: string[] = [];
    for (;;) {
      this.#dropStale();
      const top = this.#heap[0];
      if (top === undefined || top.readyAt > now) return due;
      this.#pop();
      this.#readyAt.delete(top.key);
      due.push(top.key);
    }
  }

  clear(): void {
    this.#heap = [];
    this.#readyAt.clear();
  }

  #dropStale(): void {
    while (this.#heap.length > 0) {
      const top = this.#heap[0];
      if (this.#readyAt.get(top.key) === top.readyAt) return;
      this.#pop();
    }
  }

  #less(a: DelayedEntry, b: DelayedEntry): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
  }

  #push(entry: DelayedEntry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.#less(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && this.#less(heap[right], heap[smallest])) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
      i = smallest;
    }
  }
}
