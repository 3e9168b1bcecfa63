import { describe, expect, it } from 'vitest';
import { formatLabelSelector, formatLabels, selectorString } from './object-fields.js';

describe('label and selector formatting', () => {
  it.each([
    [{ b: '2', a: '1' }, 'a=1,b=2'],
    [{}, '<none>'],
    [undefined, '<none>'],
  ])('formats labels %j as %s', (labels, text) => {
    expect(formatLabels(labels)).toBe(text);
  });

  it.each([
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [
      {
        matchLabels: { tier: 'front' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'gpu', operator: 'Exists' },
        ],
      },
      'env in (dev,prod),gpu,!legacy,tier=front,zone notin (b)',
    ],
    [{}, ''],
    [undefined, ''],
  ])('formats selector %j as %s', (selector, text) => {
    expect(selectorString(selector)).toBe(text);
  });

  it('prints <none> for a selector that selects nothing', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
});
