import { describe, expect, it } from 'vitest';
import { createMergePatch } from './merge-patch.js';

/** RFC 7386 section 2, MergePatch(Target, Patch), written out from the spec. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else result[name] = applyMergePatch(result[name], value);
  }
  return result;
}

describe('createMergePatch', () => {
  it.each([
    {
      name: 'a changed scalar',
      before: { a: 1, b: 'x' },
      after: { a: 2, b: 'x' },
      patch: { a: 2 },
    },
    {
      name: 'a nested change carries only the changed leaf',
      before: { status: { conditions: [], observedGeneration: 1, artifact: { revision: 'a', size: 1 } } },
      after: { status: { conditions: [], observedGeneration: 1, artifact: { revision: 'b', size: 1 } } },
      patch: { status: { artifact: { revision: 'b' } } },
    },
    {
      name: 'a removed member becomes null',
      before: { a: 1, b: 2 },
      after: { a: 1 },
      patch: { b: null },
    },
    {
      name: 'a member set to undefined counts as removed',
      before: { a: 1, b: 2 },
      after: { a: 1, b: undefined },
      patch: { b: null },
    },
    {
      name: 'a removed nested object becomes null',
      before: { status: { artifact: { revision: 'a' }, url: 'u' } },
      after: { status: { url: 'u' } },
      patch: { status: { artifact: null } },
    },
    {
      name: 'an added member is carried whole',
      before: {},
      after: { status: { artifact: { revision: 'a' } } },
      patch: { status: { artifact: { revision: 'a' } } },
    },
    {
      name: 'an array is replaced whole when one element changes',
      before: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'Stalled', status: 'True' },
        ],
      },
      after: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Stalled', status: 'True' },
        ],
      },
      patch: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Stalled', status: 'True' },
        ],
      },
    },
    {
      name: 'an array is replaced whole when it shrinks',
      before: { list: [1, 2, 3] },
      after: { list: [1, 2] },
      patch: { list: [1, 2] },
    },
    {
      name: 'an object turned into an array',
      before: { x: { a: 1 } },
      after: { x: [1] },
      patch: { x: [1] },
    },
    {
      name: 'an array turned into an object replaces it, not merges into it',
      before: { x: [1, 2] },
      after: { x: { a: 1 } },
      patch: { x: { a: 1 } },
    },
    {
      name: 'a scalar turned into an object',
      before: { x: 'text' },
      after: { x: { a: 1 } },
      patch: { x: { a: 1 } },
    },
    {
      name: 'a member set to null in after is sent as null',
      before: { x: 1 },
      after: { x: null },
      patch: { x: null },
    },
  ])('$name', ({ before, after, patch }) => {
    expect(createMergePatch(before, after)).toEqual(patch);
  });

  it.each([
    { name: 'equal empty objects', before: {}, after: {} },
    { name: 'equal nested objects', before: { a: { b: [1, { c: 2 }] } }, after: { a: { b: [1, { c: 2 }] } } },
    { name: 'an undefined member that was absent', before: { a: 1 }, after: { a: 1, b: undefined } },
    { name: 'equal arrays', before: [1, 2], after: [1, 2] },
  ])('is undefined for no change: $name', ({ before, after }) => {
    expect(createMergePatch(before, after)).toBeUndefined();
  });

  // Every case below must round-trip: applying the patch to `before` gives `after`.
  const roundTrips: Array<{ name: string; before: Record<string, unknown>; after: Record<string, unknown> }> = [
    { name: 'nothing changes', before: { a: 1 }, after: { a: 1 } },
    { name: 'everything removed', before: { a: 1, b: { c: 2 } }, after: {} },
    { name: 'everything added', before: {}, after: { a: 1, b: { c: [1, 2] } } },
    {
      name: 'a Flux status moving on',
      before: {
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message: 'x' }],
        artifact: { revision: 'main@sha1:aaa', digest: 'sha256:1', size: 10 },
        lastHandledReconcileAt: 'then',
      },
      after: {
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'y' }],
        artifact: { revision: 'main@sha1:bbb', digest: 'sha256:1' },
        inventory: { entries: [{ id: 'default_a__ConfigMap', v: 'v1' }] },
      },
    },
    {
      name: 'deep nesting',
      before: { a: { b: { c: { d: 1, e: 2 } } } },
      after: { a: { b: { c: { d: 1 }, f: true } } },
    },
    { name: 'types swap', before: { a: [1], b: { c: 1 }, c: 'x' }, after: { a: { x: 1 }, b: [2], c: 3 } },
    { name: 'arrays of objects shrink', before: { a: [{ x: 1 }, { y: 2 }] }, after: { a: [{ x: 1 }] } },
    { name: 'falsy values', before: { a: 1, b: 'x', c: true }, after: { a: 0, b: '', c: false } },
  ];

  it.each(roundTrips)('applying the patch to before gives after: $name', ({ before, after }) => {
    const patch = createMergePatch(before, after);
    const patched = patch === undefined ? before : applyMergePatch(structuredClone(before), patch);
    expect(patched).toEqual(after);
  });

  it('does not mutate its inputs', () => {
    const before = { a: { b: 1 }, list: [1] };
    const after = { a: { c: 2 }, list: [2] };
    createMergePatch(before, after);
    expect(before).toEqual({ a: { b: 1 }, list: [1] });
    expect(after).toEqual({ a: { c: 2 }, list: [2] });
  });
});
