import { describe, expect, it } from 'vitest';
import type { Values } from '../release/release.js';
import { setTargetPath } from './target-path.js';

function set(path: string, value: string, values: Values = {}): Values {
  setTargetPath(values, path, value);
  return values;
}

describe('setTargetPath (Flux ReplacePathValue cases)', () => {
  it.each([
    ['outer inner', 'outer.inner', 'value', { outer: { inner: 'value' } }],
    ['inline list', 'name', '{a,b,c}', { name: ['a', 'b', 'c'] }],
    ['with escape', 'name', 'value1\\,value2', { name: 'value1,value2' }],
    ['boolean value', 'merge.at.specific.path', 'true', { merge: { at: { specific: { path: true } } } }],
    ['set-string behaviour', 'merge.at.specific.path', '"true"', { merge: { at: { specific: { path: 'true' } } } }],
    ['array item', 'merge.at[2]', 'value', { merge: { at: [null, null, 'value'] } }],
    [
      'dot sequence escaping path',
      'nodeSelector.kubernetes\\.io/role',
      'master',
      { nodeSelector: { 'kubernetes.io/role': 'master' } },
    ],
  ])('%s', (_name, path, value, want) => {
    expect(set(path, value)).toEqual(want);
  });

  it('types values as --set does', () => {
    expect(set('a', '42')).toEqual({ a: 42 });
    expect(set('a', '0')).toEqual({ a: 0 });
    expect(set('a', '0755')).toEqual({ a: '0755' });
    expect(set('a', 'NULL')).toEqual({ a: null });
    expect(set('a', "'42'")).toEqual({ a: '42' });
  });

  it('writes into existing maps and lists', () => {
    const values = { nested: { configuration: ['list', 'item', 'option'], keep: 1 } };
    expect(set('nested.configuration[1]', 'foo', values)).toEqual({
      nested: { configuration: ['list', 'foo', 'option'], keep: 1 },
    });
    expect(set('list[0].name', 'x', { list: [{ name: 'a', port: 1 }] })).toEqual({ list: [{ name: 'x', port: 1 }] });
  });

  it('fails where the path crosses a value of another type', () => {
    expect(() => set('a[0]', 'x', { a: 'scalar' })).toThrow(/not a list/);
    expect(() => set('a.b', 'x', { a: 'scalar' })).toThrow(/not a map/);
    expect(() => set('a[-1]', 'x')).toThrow(/negative/);
  });
});
