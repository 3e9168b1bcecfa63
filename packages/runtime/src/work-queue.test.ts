import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { createWorkQueue, runWorkers, type WorkQueue, type WorkQueueOptions } from './work-queue.js';

const exponentialOnly: RateLimiterOptions = {
  baseDelayMs: 100,
  maxDelayMs: 1000,
  qps: Number.POSITIVE_INFINITY,
  burst: 0,
};

function newQueue(options: Partial<WorkQueueOptions> = {}): WorkQueue {
  return createWorkQueue({ name: 'test', rateLimiter: createRateLimiter(exponentialOnly), ...options });
}

/** Takes every ready key without waiting. */
async function drainReady(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) keys.push((await queue.get())!);
  return keys;
}

/** Whether a promise has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => process.nextTick(resolve));
  return done;
}

describe('work queue: add and get', () => {
  it.each([
    { name: 'dedups pending keys', adds: ['a', 'b', 'a', 'c', 'b', 'a'], ready: ['a', 'b', 'c'] },
    { name: 'keeps FIFO order', adds: ['z', 'y', 'x'], ready: ['z', 'y', 'x'] },
    { name: 'single key', adds: ['a', 'a', 'a'], ready: ['a'] },
  ])('$name', async ({ adds, ready }) => {
    const queue = newQueue();
    for (const key of adds) queue.add(key);
    expect(queue.len()).toBe(ready.length);
    expect(await drainReady(queue)).toEqual(ready);
    queue.shutDown();
  });

  it('re-queues a key added while it is processed, only after done()', async () => {
    const queue = newQueue();
    queue.add('a');
    expect(await queue.get()).toBe('a');
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(0);
    const next = queue.get();
    expect(await settled(next)).toBe(false);
    queue.done('a');
    expect(await next).toBe('a');
    queue.done('a');
    expect(queue.len()).toBe(0);
    queue.shutDown();
  });

  it('does not re-queue a key processed without being added again', async () => {
    const queue = newQueue();
    queue.add('a');
    await queue.get();
    queue.done('a');
    expect(queue.len()).toBe(0);
    queue.shutDown();
  });

  it('puts a re-added key behind keys that were already ready', async () => {
    const queue = newQueue();
    queue.add('a');
    await queue.get();
    queue.add('a');
    queue.add('b');
    queue.done('a');
    expect(await drainReady(queue)).toEqual(['b', 'a']);
    queue.shutDown();
  });

  it('ignores done() for a key that is not in flight', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.done('a');
    queue.done('zzz');
    expect(await drainReady(queue)).toEqual(['a']);
    queue.shutDown();
  });

  it('hands keys to waiting get() calls in the order they asked', async () => {
    const queue = newQueue();
    const first = queue.get();
    const second = queue.get();
    queue.add('a');
    queue.add('b');
    expect(await first).toBe('a');
    expect(await second).toBe('b');
    queue.shutDown();
  });

  it('get(signal) resolves undefined on abort and the key goes to the next waiter', async () => {
    const queue = newQueue();
    const controller = new AbortController();
    const aborted = queue.get(controller.signal);
    const other = queue.get();
    controller.abort();
    expect(await aborted).toBeUndefined();
    queue.add('a');
    expect(await other).toBe('a');
    expect(await queue.get(controller.signal)).toBeUndefined();
    queue.shutDown();
  });
});

describe('work queue: delayed adds', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    { name: 'earlier call wins', delays: [200, 1000], readyAt: 200 },
    { name: 'later call moves it earlier', delays: [1000, 200], readyAt: 200 },
    { name: 'three calls', delays: [500, 300, 800], readyAt: 300 },
  ])('addAfter keeps the earliest time: $name', async ({ delays, readyAt }) => {
    const queue = newQueue();
    for (const delay of delays) queue.addAfter('a', delay);
    vi.advanceTimersByTime(readyAt - 1);
    expect(queue.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(await drainReady(queue)).toEqual(['a']);
    queue.done('a');
    vi.advanceTimersByTime(Math.max(...delays));
    expect(queue.len()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    queue.shutDown();
  });

  it.each([0, -5])('addAfter with delay %i adds at once', (delay) => {
    const queue = newQueue();
    queue.addAfter('a', delay);
    expect(queue.len()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    queue.shutDown();
  });

  it('an addAfter of a pending key does not make it ready twice', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.addAfter('a', 100);
    vi.advanceTimersByTime(100);
    expect(await drainReady(queue)).toEqual(['a']);
    queue.shutDown();
  });

  it('an addAfter of a key in flight re-queues it after done()', async () => {
    const queue = newQueue();
    queue.add('a');
    await queue.get();
    queue.addAfter('a', 100);
    vi.advanceTimersByTime(100);
    expect(queue.len()).toBe(0);
    queue.done('a');
    expect(await drainReady(queue)).toEqual(['a']);
    queue.shutDown();
  });

  it('stretches delays by the jitter fraction at most', () => {
    const queue = newQueue({ jitter: 0.5 });
    for (let i = 0; i < 50; i++) queue.addAfter(`k${i}`, 1000);
    vi.advanceTimersByTime(999);
    expect(queue.len()).toBe(0);
    vi.advanceTimersByTime(501);
    expect(queue.len()).toBe(50);
    queue.shutDown();
  });

  it('addRateLimited backs off exponentially per key and forget resets it', async () => {
    let retries = 0;
    const queue = newQueue({ hooks: { onRetry: () => retries++ } });
    const readyAfter = async (): Promise<number> => {
      queue.addRateLimited('a');
      let waited = 0;
      while (queue.len() === 0) {
        vi.advanceTimersByTime(1);
        waited++;
      }
      expect(await queue.get()).toBe('a');
      queue.done('a');
      return waited;
    };
    expect([await readyAfter(), await readyAfter(), await readyAfter()]).toEqual([100, 200, 400]);
    expect(queue.numRequeues('a')).toBe(3);
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
    expect(await readyAfter()).toBe(100);
    expect(retries).toBe(4);
    queue.shutDown();
  });

  it('makes 100k delayed keys ready in time order with one timer', async () => {
    const queue = newQueue();
    const count = 100_000;
    const delayOf = (i: number) => 1 + ((i * 7919) % 10_000);
    for (let i = 0; i < count; i++) {
      queue.addAfter(`k${i}`, delayOf(i));
      if (i % 10_000 === 0) expect(vi.getTimerCount()).toBe(1);
    }
    expect(vi.getTimerCount()).toBe(1);
    expect(queue.len()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(queue.len()).toBe(count);
    expect(vi.getTimerCount()).toBe(0);
    const keys = await drainReady(queue);
    expect(new Set(keys).size).toBe(count);
    const times = keys.map((key) => delayOf(Number(key.slice(1))));
    expect(times.every((t, i) => i === 0 || times[i - 1] <= t)).toBe(true);
    queue.shutDown();
  });
});

describe('work queue: timers', () => {
  it('unrefs its delay timer so it does not keep the process alive', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const queue = newQueue();
      queue.addAfter('a', 60_000);
      queue.addAfter('b', 30_000);
      const handles = spy.mock.results.map((r) => r.value as NodeJS.Timeout);
      expect(handles.length).toBeGreaterThan(0);
      for (const handle of handles) expect(handle.hasRef()).toBe(false);
      queue.shutDown();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('work queue: shutdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shutDown resolves every waiting get() with undefined and drops pending keys', async () => {
    vi.useFakeTimers();
    const queue = newQueue();
    queue.addAfter('later', 1000);
    const waiters = [queue.get(), queue.get(), queue.get()];
    queue.shutDown();
    expect(await Promise.all(waiters)).toEqual([undefined, undefined, undefined]);
    expect(queue.shuttingDown).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    queue.add('a');
    queue.addAfter('b', 10);
    queue.addRateLimited('c');
    expect(queue.len()).toBe(0);
    expect(await queue.get()).toBeUndefined();
  });

  it('shutDown drops keys that were ready', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.shutDown();
    expect(queue.len()).toBe(0);
    expect(await queue.get()).toBeUndefined();
  });

  it('shutDownWithDrain resolves true at once when nothing is in flight', async () => {
    const queue = newQueue();
    queue.add('a');
    expect(await queue.shutDownWithDrain(1000)).toBe(true);
  });

  it('shutDownWithDrain waits until every key in flight is done', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.add('b');
    await queue.get();
    await queue.get();
    const drained = queue.shutDownWithDrain(60_000);
    expect(queue.shuttingDown).toBe(true);
    expect(await queue.get()).toBeUndefined();
    queue.done('a');
    expect(await settled(drained)).toBe(false);
    queue.done('b');
    expect(await drained).toBe(true);
  });

  it('shutDownWithDrain resolves false on timeout', async () => {
    vi.useFakeTimers();
    const queue = newQueue();
    queue.add('a');
    await queue.get();
    const drained = queue.shutDownWithDrain(500);
    vi.advanceTimersByTime(499);
    expect(await settled(drained)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await drained).toBe(false);
  });

  it('shutDown during a drain ends the drain with false', async () => {
    const queue = newQueue();
    queue.add('a');
    await queue.get();
    const drained = queue.shutDownWithDrain(60_000);
    queue.shutDown();
    expect(await drained).toBe(false);
  });
});

describe('work queue: hooks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports adds, depth, queue latency and work duration', async () => {
    vi.useFakeTimers();
    const seen = { adds: 0, depth: [] as number[], latency: [] as number[], work: [] as number[] };
    const queue = newQueue({
      hooks: {
        onAdd: () => seen.adds++,
        onDepth: (d) => seen.depth.push(d),
        onQueueLatency: (s) => seen.latency.push(s),
        onWorkDuration: (s) => seen.work.push(s),
      },
    });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    vi.advanceTimersByTime(2000);
    await queue.get();
    vi.advanceTimersByTime(500);
    queue.done('a');
    expect(seen.adds).toBe(2);
    expect(seen.depth).toEqual([1, 2, 1]);
    expect(seen.latency).toEqual([2]);
    expect(seen.work).toEqual([0.5]);
    queue.shutDown();
  });
});

describe('runWorkers', () => {
  it('runs keys in parallel but never the same key twice at once', async () => {
    const queue = newQueue();
    const keys = ['a', 'b', 'c', 'd'];
    const inFlight = new Map<string, number>();
    const maxPerKey = new Map<string, number>();
    const runs = new Map<string, number>();
    let running = 0;
    let maxRunning = 0;
    const workers = runWorkers(queue, { concurrency: 8 }, async (key) => {
      const now = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, now);
      maxPerKey.set(key, Math.max(maxPerKey.get(key) ?? 0, now));
      running++;
      maxRunning = Math.max(maxRunning, running);
      for (const k of keys) queue.add(k);
      await tick();
      await tick();
      running--;
      inFlight.set(key, now - 1);
      runs.set(key, (runs.get(key) ?? 0) + 1);
    });
    for (const key of keys) queue.add(key);
    while ([...runs.values()].reduce((a, b) => a + b, 0) < 200) await tick();
    expect(await queue.shutDownWithDrain(10_000)).toBe(true);
    await workers;
    expect([...maxPerKey.values()]).toEqual([1, 1, 1, 1]);
    expect(maxRunning).toBeGreaterThan(1);
    for (const key of keys) expect(runs.get(key)).toBeGreaterThan(1);
  });

  it('reports handler errors and keeps working', async () => {
    const queue = newQueue();
    const errors: [string, unknown][] = [];
    const handled: string[] = [];
    const workers = runWorkers(
      queue,
      {
        concurrency: 1,
        onError: (error, key) => {
          errors.push([key, error]);
          throw new Error('reporter broke too');
        },
      },
      async (key) => {
        if (key === 'bad') throw new Error('boom');
        handled.push(key);
      },
    );
    queue.add('bad');
    queue.add('good');
    while (handled.length === 0) await tick();
    expect(errors).toEqual([['bad', new Error('boom')]]);
    expect(handled).toEqual(['good']);
    queue.add('bad');
    while (errors.length < 2) await tick();
    queue.shutDown();
    await workers;
  });

  it('resolves after shutDown only once the current items are finished', async () => {
    const queue = newQueue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const workers = runWorkers(queue, { concurrency: 2 }, async () => {
      started++;
      await gate;
    });
    queue.add('a');
    queue.add('b');
    queue.add('c');
    while (started < 2) await tick();
    queue.shutDown();
    expect(await settled(workers)).toBe(false);
    release();
    await workers;
    expect(started).toBe(2);
  });

  it('stops on abort without shutting the queue down', async () => {
    const queue = newQueue();
    const controller = new AbortController();
    const handled: string[] = [];
    const workers = runWorkers(queue, { concurrency: 3, signal: controller.signal }, async (key) => {
      handled.push(key);
    });
    queue.add('a');
    while (handled.length === 0) await tick();
    controller.abort();
    await workers;
    queue.add('b');
    expect(queue.shuttingDown).toBe(false);
    expect(queue.len()).toBe(1);
    queue.shutDown();
  });

  it('does not starve the event loop when a handler re-adds its own key without awaiting I/O', async () => {
    const queue = newQueue();
    let runs = 0;
    const workers = runWorkers(queue, { concurrency: 2 }, async (key) => {
      runs++;
      queue.add(key);
    });
    queue.add('hot');
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.shutDown();
    await workers;
    expect(runs).toBeGreaterThan(1);
  });

  it.each([0, -1, 1.5])('rejects concurrency %d', async (concurrency) => {
    await expect(runWorkers(newQueue(), { concurrency }, async () => {})).rejects.toThrow(RangeError);
  });
});
