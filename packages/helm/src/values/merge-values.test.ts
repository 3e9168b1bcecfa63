import { describe, expect, it } from 'vitest';
import { mergeValues } from './merge-values.js';

describe('mergeValues', () => {
  it('merges maps key by key and lets the override win elsewhere (Flux "merges" case)', () => {
    const configMap = { flat: 'value', nested: { configuration: 'value' } };
    const secret = { flat: { nested: 'value' }, nested: 'value' };
    const merged = mergeValues(mergeValues(mergeValues({}, configMap), secret), { other: 'values' });
    expect(merged).toEqual({ flat: { nested: 'value' }, nested: 'value', other: 'values' });
  });

  it('recurses into maps on both sides and replaces lists whole', () => {
    const base = { image: { repository: 'nginx', tag: '1.0' }, ports: [80, 443] };
    const merged = mergeValues(base, { image: { tag: '2.0' }, ports: [8080] });
    expect(merged).toEqual({ image: { repository: 'nginx', tag: '2.0' }, ports: [8080] });
  });

  it('keeps an explicit null from the override, as Flux does (helm drops it later)', () => {
    expect(mergeValues({ a: { b: 1 }, c: 2 }, { a: null })).toEqual({ a: null, c: 2 });
  });

  it('changes neither input', () => {
    const base = { a: { b: 1 } };
    const overrides = { a: { c: 2 } };
    mergeValues(base, overrides);
    expect(base).toEqual({ a: { b: 1 } });
    expect(overrides).toEqual({ a: { c: 2 } });
  });

  it('treats a __proto__ key as data', () => {
    const merged = mergeValues({}, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
