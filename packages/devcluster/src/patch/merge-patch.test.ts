import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch.js';

describe('applyMergePatch', () => {
  // RFC 7386, Appendix A.
  it.each([
    { target: { a: 'b' }, patch: { a: 'c' }, result: { a: 'c' } },
    { target: { a: 'b' }, patch: { b: 'c' }, result: { a: 'b', b: 'c' } },
    { target: { a: 'b' }, patch: { a: null }, result: {} },
    { target: { a: 'b', b: 'c' }, patch: { a: null }, result: { b: 'c' } },
    { target: { a: ['b'] }, patch: { a: 'c' }, result: { a: 'c' } },
    { target: { a: 'c' }, patch: { a: ['b'] }, result: { a: ['b'] } },
    { target: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, result: { a: { b: 'd' } } },
    { target: { a: [{ b: 'c' }] }, patch: { a: [1] }, result: { a: [1] } },
    { target: ['a', 'b'], patch: ['c', 'd'], result: ['c', 'd'] },
    { target: { a: 'b' }, patch: ['c'], result: ['c'] },
    { target: { a: 'foo' }, patch: null, result: null },
    { target: { a: 'foo' }, patch: 'bar', result: 'bar' },
    { target: { e: null }, patch: { a: 1 }, result: { e: null, a: 1 } },
    { target: [1, 2], patch: { a: 'b', c: null }, result: { a: 'b' } },
    { target: {}, patch: { a: { bb: { ccc: null } } }, result: { a: { bb: {} } } },
  ])('merges $patch into $target', ({ target, patch, result }) => {
    expect(applyMergePatch(target, patch)).toStrictEqual(result);
  });

  it.each([
    {
      name: 'labels set to null are removed',
      target: { metadata: { name: 'web', labels: { app: 'web', tier: 'front' } } },
      patch: { metadata: { labels: { tier: null, track: 'stable' } } },
      result: { metadata: { name: 'web', labels: { app: 'web', track: 'stable' } } },
    },
    {
      name: 'lists are replaced, never merged',
      target: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } },
      patch: { spec: { containers: [{ name: 'a', image: 'y' }] } },
      result: { spec: { containers: [{ name: 'a', image: 'y' }] } },
    },
    {
      name: 'a null for a missing key changes nothing',
      target: { spec: { replicas: 1 } },
      patch: { spec: { paused: null } },
      result: { spec: { replicas: 1 } },
    },
    {
      name: 'directive-looking keys are plain keys',
      target: { a: 1 },
      patch: { $patch: 'delete' },
      result: { a: 1, $patch: 'delete' },
    },
  ])('$name', ({ target, patch, result }) => {
    expect(applyMergePatch(target, patch)).toStrictEqual(result);
  });

  it('changes neither input and shares nothing with the result', () => {
    const target = { spec: { template: { labels: { app: 'web' } }, ports: [80] } };
    const patch = { spec: { template: { labels: { tier: 'front' } }, extra: { list: [1] } } };
    const before = structuredClone({ target, patch });
    const result = applyMergePatch(target, patch) as typeof target & { spec: { extra: { list: number[] } } };
    expect({ target, patch }).toStrictEqual(before);
    result.spec.ports.push(443);
    result.spec.extra.list.push(2);
    expect({ target, patch }).toStrictEqual(before);
  });

  it('keeps a `__proto__` key as data', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
