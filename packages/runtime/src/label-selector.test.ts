import { describe, expect, it } from 'vitest';
import { matchesLabelSelector } from './label-selector.js';

const labels = { app: 'web', tier: 'front' };

describe('matchesLabelSelector', () => {
  it.each([
    [undefined, true],
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'api' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] }, false],
  ])('%j → %s', (selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });

  it('rejects an unknown operator', () => {
    expect(() => matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' }] }, labels)).toThrow(/Gt/);
  });
});
