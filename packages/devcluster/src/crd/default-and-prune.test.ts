import { describe, expect, it } from 'vitest';
import type { KubeObject, SchemaNode } from '../types.js';
import { defaultAndPrune } from './default-and-prune.js';
import { unknownFieldPaths } from './prune.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'fast' },
        note: { type: 'string' },
        maybe: { type: 'string', nullable: true },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        limits: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 10 } } },
        },
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { level: { type: 'object', properties: { value: { type: 'integer' } } } },
        },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const widget = (spec: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1', labels: { a: 'b' } },
  ...(spec ? { spec } : {}),
  ...extra,
});

describe('defaultAndPrune', () => {
  it.each([
    ['defaults a missing object and its fields', widget(undefined), { replicas: 1, mode: 'fast' }],
    ['keeps given values', widget({ replicas: 3, mode: 'slow' }), { replicas: 3, mode: 'slow' }],
    ['replaces a null without nullable by its default', widget({ replicas: null }), { replicas: 1, mode: 'fast' }],
    ['drops a null without nullable or default', widget({ note: null }), { replicas: 1, mode: 'fast' }],
    ['keeps a null where nullable', widget({ maybe: null }), { replicas: 1, mode: 'fast', maybe: null }],
    [
      'defaults inside items',
      widget({ ports: [{ name: 'http' }, { name: 'dns', protocol: 'UDP' }] }),
      {
        replicas: 1,
        mode: 'fast',
        ports: [
          { name: 'http', protocol: 'TCP' },
          { name: 'dns', protocol: 'UDP' },
        ],
      },
    ],
    [
      'defaults inside additionalProperties',
      widget({ limits: { cpu: {} } }),
      { replicas: 1, mode: 'fast', limits: { cpu: { max: 10 } } },
    ],
    [
      'prunes unknown fields',
      widget({ bogus: 1, ports: [{ name: 'a', extra: true }] }),
      { replicas: 1, mode: 'fast', ports: [{ name: 'a', protocol: 'TCP' }] },
    ],
    [
      'keeps unknown fields under preserve-unknown-fields but prunes specified ones',
      widget({ config: { anything: { goes: 1 }, level: { value: 2, bogus: 3 } } }),
      { replicas: 1, mode: 'fast', config: { anything: { goes: 1 }, level: { value: 2 } } },
    ],
    [
      'keeps apiVersion, kind and metadata of embedded resources',
      widget({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 }, bogus: 1 } }),
      { replicas: 1, mode: 'fast', template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } },
    ],
  ])('%s', (_case, object, spec) => {
    expect(defaultAndPrune(object, schema).spec).toEqual(spec);
  });

  it('never prunes apiVersion, kind or metadata at the root', () => {
    const result = defaultAndPrune(widget({}, { extra: 1, status: { ready: true, bogus: 1 } }), schema);
    expect(result).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', labels: { a: 'b' } },
      spec: { replicas: 1, mode: 'fast' },
      status: { ready: true },
    });
  });

  it('does not change its input', () => {
    const input = widget({ bogus: 1 });
    defaultAndPrune(input, schema);
    expect(input.spec).toEqual({ bogus: 1 });
  });

  it('lists the unknown fields it would prune', () => {
    expect(unknownFieldPaths(widget({ bogus: 1, ports: [{ extra: 1 }] }, { top: 1 }), schema)).toEqual([
      'spec.bogus',
      'spec.ports[0].extra',
      'top',
    ]);
  });
});
