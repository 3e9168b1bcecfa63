import { describe, expect, it } from 'vitest';
import { mapWithLimit, settleWithLimit } from './concurrency.js';

describe('mapWithLimit', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure and throws it', async () => {
    const started: number[] = [];
    const run = mapWithLimit([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('two failed');
      return n;
    });
    await expect(run).rejects.toThrow('two failed');
    expect(started).toEqual([1, 2]);
  });
});

describe('settleWithLimit', () => {
  it('runs every item and reports each outcome', async () => {
    const results = await settleWithLimit([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('no');
      return n;
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
