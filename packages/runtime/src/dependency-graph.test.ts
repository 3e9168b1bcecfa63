import { describe, expect, it } from 'vitest';
import { findCycle } from './dependency-graph.js';

function graph(edges: Record<string, string[]>) {
  return (node: string) => edges[node] ?? [];
}

describe('findCycle', () => {
  it.each([
    ['no dependencies', { a: [] }, 'a', undefined],
    ['a chain', { a: ['b'], b: ['c'] }, 'a', undefined],
    ['a diamond', { a: ['b', 'c'], b: ['d'], c: ['d'] }, 'a', undefined],
    ['itself', { a: ['a'] }, 'a', ['a', 'a']],
    ['two objects', { a: ['b'], b: ['a'] }, 'a', ['a', 'b', 'a']],
    ['a cycle further down', { a: ['b'], b: ['c'], c: ['d'], d: ['b'] }, 'a', ['b', 'c', 'd', 'b']],
  ])('%s', (_name, edges, start, cycle) => {
    expect(findCycle(start, graph(edges))).toEqual(cycle);
  });

  it('walks a long chain without recursion', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 100_000; i++) edges[`n${i}`] = [`n${i + 1}`];
    expect(findCycle('n0', graph(edges))).toBeUndefined();
  });
});
