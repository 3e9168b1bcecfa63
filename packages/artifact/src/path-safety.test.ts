import { describe, expect, it } from 'vitest';
import { LinkLoopError, resolveInside } from './path-safety.js';

function resolver(links: Record<string, string>) {
  return (from: string[], target: string) => resolveInside(from, target, (p) => links[p])?.join('/');
}

describe('resolveInside', () => {
  it.each([
    [{}, [], 'a/b/../c', 'a/c'],
    [{}, ['x'], '../y', 'y'],
    [{}, [], './a//b/.', 'a/b'],
    [{ l: 'x/y' }, [], 'l/z', 'x/y/z'],
    [{ l: 'x/y' }, [], 'l/..', 'x'],
    [{ 'x/l': '../z' }, [], 'x/l/f', 'z/f'],
    [{ a: 'b', b: 'c' }, [], 'a', 'c'],
  ])('%j from %j: %s -> %s', (links, from, target, expected) => {
    expect(resolver(links)(from, target)).toBe(expected);
  });

  it.each([
    [{}, [], '..'],
    [{}, ['x'], '../..'],
    [{}, [], '/etc'],
    [{}, [], 'C:\\Windows'],
    [{ self: '.' }, [], 'self/..'],
    [{ up: '..' }, [], 'up'],
    [{ d: 'x', 'x/e': '../..' }, [], 'd/e'],
  ])('%j from %j: %s escapes', (links, from, target) => {
    expect(resolver(links)(from, target)).toBeUndefined();
  });

  it('stops on link loops', () => {
    expect(() => resolver({ a: 'b', b: 'a' })([], 'a/x')).toThrow(LinkLoopError);
  });
});
