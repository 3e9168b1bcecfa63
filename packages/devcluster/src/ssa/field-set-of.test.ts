import { describe, expect, it } from 'vitest';
import { refTo } from '../schema.js';
import type { KubeObject, SchemaNode } from '../types.js';
import { fieldPaths, fieldSetOf } from './inspect.js';

const configMapSchema = refTo('io.k8s.api.core.v1.ConfigMap');
const deploymentSchema = refTo('io.k8s.api.apps.v1.Deployment');
const serviceSchema = refTo('io.k8s.api.core.v1.Service');

const widgetSchema: SchemaNode = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        args: { type: 'array', items: { type: 'string' } },
        backends: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'host'],
          items: {
            type: 'object',
            properties: { host: { type: 'string' }, port: { type: 'integer' }, weight: { type: 'integer' } },
          },
        },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default', labels: { app: 'web' } },
  data: { key: 'value' },
};

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '7', generation: 2 },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            args: ['--port', '80'],
            ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
            env: [{ name: 'MODE', value: 'prod' }],
          },
        ],
        tolerations: [{ key: 'spot', operator: 'Exists' }],
      },
    },
  },
};

describe('fieldSetOf', () => {
  it('writes a ConfigMap the way kubectl apply --server-side records it', () => {
    expect(fieldSetOf(configMap, configMapSchema)).toEqual({
      'f:data': { 'f:key': {} },
      'f:metadata': { 'f:labels': { 'f:app': {} } },
    });
  });

  it('keys containers, ports (protocol defaulted) and env, keeps atomic values whole, skips identity fields', () => {
    expect(fieldSetOf(deployment, deploymentSchema)).toEqual({
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:args': {},
                'f:env': { 'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":53,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
              },
            },
            'f:tolerations': {},
          },
        },
      },
    });
  });

  it.each([
    [
      'service ports by port and protocol',
      serviceSchema,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'dns' },
        spec: { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] },
      },
      [
        '.spec.ports[port=53,protocol="TCP"]',
        '.spec.ports[port=53,protocol="UDP"]',
        '.spec.ports[port=53,protocol="TCP"].port',
        '.spec.ports[port=53,protocol="UDP"].port',
        '.spec.ports[port=53,protocol="UDP"].protocol',
      ],
    ],
    [
      'finalizers as a set and owner references by uid',
      configMapSchema,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'owned',
          finalizers: ['example.com/cleanup'],
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'abc' }],
        },
      },
      ['.metadata.finalizers[="example.com/cleanup"]', '.metadata.ownerReferences[uid="abc"]'],
    ],
    [
      'an empty map as a field of its own',
      configMapSchema,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', annotations: {} }, data: {} },
      ['.data', '.metadata.annotations'],
    ],
  ])('records %s', (_, schema, object, paths) => {
    expect(fieldPaths(fieldSetOf(object as KubeObject, schema))).toEqual(paths);
  });

  it('follows a custom resource schema: map and set lists, atomic defaults, free-form fields, typed metadata', () => {
    const widget: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', finalizers: ['example.com/cleanup'], labels: { team: 'a' } },
      spec: {
        size: 3,
        tags: ['blue', 'green'],
        args: ['-v'],
        backends: [{ host: 'a', port: 80, weight: 1 }],
        selector: { tier: 'front' },
        config: { nested: { depth: 1 }, list: [1, 2] },
      },
    };
    expect(JSON.stringify(fieldSetOf(widget, widgetSchema))).toBe(
      JSON.stringify({
        'f:metadata': { 'f:finalizers': { 'v:"example.com/cleanup"': {} }, 'f:labels': { 'f:team': {} } },
        'f:spec': {
          'f:args': {},
          'f:backends': { 'k:{"host":"a","port":80}': { '.': {}, 'f:host': {}, 'f:port': {}, 'f:weight': {} } },
          'f:config': { 'f:list': {}, 'f:nested': { '.': {}, 'f:depth': {} } },
          'f:selector': {},
          'f:size': {},
          'f:tags': { 'v:"blue"': {}, 'v:"green"': {} },
        },
      }),
    );
  });
});
