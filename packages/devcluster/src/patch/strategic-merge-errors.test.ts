import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../types.js';
import { formatGo } from './go-format.js';
import { applyStrategicMergePatch, StrategicMergePatchError } from './strategic-merge.js';

type Doc = Record<string, unknown>;

const deployment: SchemaNode = { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' };
const pod: SchemaNode = { $ref: '#/definitions/io.k8s.api.core.v1.Pod' };

const live: Doc = {
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
  spec: {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: {
      spec: {
        containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }],
      },
    },
  },
};
const podTemplate = (spec: Doc): Doc => ({ spec: { template: { spec } } });

describe('applyStrategicMergePatch refuses what the API server refuses', () => {
  it.each([
    {
      name: 'a merge-keyed item without its key',
      patch: podTemplate({ containers: [{ image: 'nginx' }] }),
      message: 'map: map[image:nginx] does not contain declared merge key: name',
      status: 500,
    },
    {
      name: 'a $patch: delete item without its key',
      patch: podTemplate({ containers: [{ name: 'web', env: [{ $patch: 'delete', value: 'x' }] }] }),
      message: 'map: map[$patch:delete value:x] does not contain declared merge key: name',
      status: 500,
    },
    {
      name: 'a port without containerPort, numbers printed as Go prints them',
      patch: podTemplate({ containers: [{ name: 'web', ports: [{ name: 'http', hostPort: 8080, weight: 0.5 }] }] }),
      message: 'map: map[hostPort:8080 name:http weight:0.5] does not contain declared merge key: containerPort',
      status: 500,
    },
    {
      name: 'an unknown $patch on a map',
      patch: { metadata: { labels: { $patch: 'remove', tier: 'x' } } },
      message: 'unknown patch type: remove in map: map[$patch:remove tier:x]',
      status: 500,
    },
    {
      name: 'a $patch that is not a string',
      patch: { metadata: { labels: { $patch: 1 } } },
      message: 'unknown patch type: %!s(int64=1) in map: map[$patch:1]',
      status: 500,
    },
    {
      name: 'an unknown $patch on a list item',
      patch: podTemplate({ containers: [{ name: 'web', $patch: 'bogus' }] }),
      message: 'unknown patch type: bogus in map: map[$patch:bogus name:web]',
      status: 500,
    },
    {
      name: '$patch: merge on a list item',
      patch: podTemplate({ containers: [{ name: 'web', $patch: 'merge' }] }),
      message: 'merging lists cannot yet be specified in the patch',
      status: 500,
    },
    {
      name: '$retainKeys that is not a list',
      patch: { spec: { strategy: { $retainKeys: 'type', type: 'Recreate' } } },
      message: 'invalid patch format of retainKeys',
      status: 400,
    },
    {
      name: '$retainKeys that leaves out a key the patch sets',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 2 } } } },
      message: 'invalid patch format of retainKeys',
      status: 400,
    },
    {
      name: '$setElementOrder without a field',
      patch: { metadata: { $setElementOrder: ['a'] } },
      message: 'invalid patch format of setElementOrder list',
      status: 400,
    },
    {
      name: '$deleteFromPrimitiveList without a field',
      patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
      message: 'invalid patch format of primitive list',
      status: 400,
    },
    {
      name: '$setElementOrder that is not a list',
      patch: podTemplate({ '$setElementOrder/containers': 'web' }),
      message: 'expected a []interface {}, but received a string',
      status: 500,
    },
    {
      name: '$setElementOrder of a keyed list naming items by value',
      patch: podTemplate({ '$setElementOrder/containers': ['web'], containers: [{ name: 'web', image: 'x' }] }),
      message: 'expected a map[string]interface {}, but received a string',
      status: 500,
    },
    {
      name: 'patch items out of the $setElementOrder order',
      patch: podTemplate({
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }],
        containers: [{ name: 'side' }, { name: 'web' }],
      }),
      message:
        "the order in patch list:\n[map[name:side] map[name:web]]\n doesn't match $setElementOrder list:\n[map[name:web] map[name:side]]",
      status: 500,
    },
    {
      name: 'list elements of different types',
      patch: { metadata: { finalizers: [1] } },
      message: 'list element types are not identical: [[a] [1]]',
      status: 500,
    },
  ])('$name', ({ patch, message, status }) => {
    const error = catchError(() => applyStrategicMergePatch(live, patch, deployment));
    expect(error).toBeInstanceOf(StrategicMergePatchError);
    expect(error).toMatchObject({ name: 'StrategicMergePatchError', message, status });
  });

  it.each([
    { name: 'a list', patch: [] },
    { name: 'a string', patch: 'x' },
    { name: 'a number', patch: 5 },
  ])('refuses $name as the patch', ({ patch }) => {
    expect(() => applyStrategicMergePatch(live, patch as unknown as Doc, pod)).toThrow(
      expect.objectContaining({ message: 'invalid JSON document', status: 400 }),
    );
  });

  it('refuses a list of lists', () => {
    const error = catchError(() =>
      applyStrategicMergePatch({ metadata: { finalizers: [] } }, { metadata: { finalizers: [['b']] } }, deployment),
    );
    expect(error).toMatchObject({ message: 'lists of lists are not supported', status: 422 });
  });

  it('refuses an original that is not an object', () => {
    expect(() => applyStrategicMergePatch([] as unknown as Doc, {}, pod)).toThrow('invalid JSON document');
  });

  it('refuses a patch strategy it cannot read', () => {
    const schema: SchemaNode = {
      type: 'object',
      properties: { items: { type: 'array', 'x-kubernetes-patch-strategy': 'merge,replace' } },
    };
    expect(() => applyStrategicMergePatch({ items: [1] }, { items: [2] }, schema)).toThrow(
      'unexpected patch strategy: [merge replace]',
    );
  });
});

describe('formatGo', () => {
  it.each([
    { value: { b: 1, a: 'x' }, text: 'map[a:x b:1]' },
    { value: { a: { c: [1, 'two'] }, b: null }, text: 'map[a:map[c:[1 two]] b:<nil>]' },
    { value: [true, false], text: '[true false]' },
    { value: 1000000, text: '1000000' },
    { value: 1000000.5, text: '1.0000005e+06' },
    { value: 0.00001, text: '1e-05' },
    { value: 0.0001, text: '0.0001' },
    { value: 123456.5, text: '123456.5' },
  ])('prints $text', ({ value, text }) => {
    expect(formatGo(value)).toBe(text);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
