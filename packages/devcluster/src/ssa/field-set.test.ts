import { describe, expect, it } from 'vitest';
import type { FieldsV1 } from '../types.js';
import { formatPath } from './field-path.js';
import { difference, intersection, memberPaths, union } from './field-set.js';

const labels = (...names: string[]): FieldsV1 => ({
  'f:metadata': { 'f:labels': Object.fromEntries(names.map((name) => [`f:${name}`, {}])) },
});

describe('field set operations', () => {
  it.each([
    ['disjoint leaves', labels('a'), labels('b'), { 'f:metadata': { 'f:labels': { 'f:a': {}, 'f:b': {} } } }],
    ['a member with children', { 'f:data': {} }, { 'f:data': { 'f:x': {} } }, { 'f:data': { '.': {}, 'f:x': {} } }],
    [
      'keys sorted fields first',
      { 'k:{"name":"b"}': {} },
      { 'f:a': {}, 'k:{"name":"a"}': {} },
      { 'f:a': {}, 'k:{"name":"a"}': {}, 'k:{"name":"b"}': {} },
    ],
  ])('union of %s', (_, a, b, expected) => {
    expect(union(a, b)).toEqual(expected);
    expect(JSON.stringify(union(a, b))).toBe(JSON.stringify(expected));
  });

  it.each([
    ['one of two leaves', labels('a', 'b'), labels('b'), labels('a')],
    ['everything', labels('a'), labels('a'), {}],
    [
      'the membership, keeping children',
      { 'f:data': { '.': {}, 'f:x': {} } },
      { 'f:data': {} },
      { 'f:data': { 'f:x': {} } },
    ],
    [
      'children, keeping the membership',
      { 'f:data': { '.': {}, 'f:x': {} } },
      { 'f:data': { 'f:x': {} } },
      { 'f:data': {} },
    ],
  ])('difference removes %s', (_, a, b, expected) => {
    expect(difference(a, b)).toEqual(expected);
  });

  it('difference keeps the set itself when nothing is removed', () => {
    const set = labels('a', 'b');
    expect(difference(set, labels('c'))).toBe(set);
    expect(difference(set, { 'f:spec': { 'f:replicas': {} } })).toBe(set);
  });

  it('intersection keeps what both own', () => {
    const a = { 'f:spec': { 'f:replicas': {}, 'f:paused': {} }, 'f:data': { '.': {}, 'f:x': {} } };
    const b = { 'f:spec': { 'f:replicas': {} }, 'f:data': { 'f:x': {} } };
    expect(intersection(a, b)).toEqual({ 'f:spec': { 'f:replicas': {} }, 'f:data': { 'f:x': {} } });
  });
});

describe('paths', () => {
  it.each([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'],
      '.spec.template.spec.containers[name="nginx"].image',
    ],
    [['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'], '.ports[containerPort=80,protocol="TCP"]'],
    [['f:metadata', 'f:finalizers', 'v:"example.com/cleanup"'], '.metadata.finalizers[="example.com/cleanup"]'],
  ])('formats %j as %s', (elements, expected) => {
    expect(formatPath(elements)).toBe(expected);
  });

  it('lists members of a level before descending, as the API server iterates', () => {
    const set = { 'f:spec': { 'f:b': { '.': {}, 'f:c': {} }, 'f:a': {} }, 'f:data': {} };
    expect(memberPaths(set).map(formatPath)).toEqual(['.data', '.spec.a', '.spec.b', '.spec.b.c']);
  });
});
