import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../types.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

type Doc = Record<string, unknown>;

const deployment: SchemaNode = { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' };
const pod: SchemaNode = { $ref: '#/definitions/io.k8s.api.core.v1.Pod' };
const service: SchemaNode = { $ref: '#/definitions/io.k8s.api.core.v1.Service' };
const pdb: SchemaNode = { $ref: '#/definitions/io.k8s.api.policy.v1.PodDisruptionBudget' };

const podSpec = (spec: Doc): Doc => ({ spec });
const meta = (metadata: Doc): Doc => ({ metadata });

interface Case {
  name: string;
  schema: SchemaNode | undefined;
  original: Doc;
  patch: Doc;
  result: Doc;
}

const maps: Case[] = [
  {
    name: 'labels: a null removes a key, others are added',
    schema: deployment,
    original: meta({ name: 'web', labels: { app: 'web', tier: 'front' } }),
    patch: meta({ labels: { tier: null, track: 'stable' } }),
    result: meta({ name: 'web', labels: { app: 'web', track: 'stable' } }),
  },
  {
    name: 'a null for a missing key is not stored',
    schema: deployment,
    original: { spec: { replicas: 1 } },
    patch: { spec: { paused: null } },
    result: { spec: { replicas: 1 } },
  },
  {
    name: 'nulls inside a new subtree are dropped',
    schema: deployment,
    original: meta({ name: 'web' }),
    patch: meta({ annotations: { a: 'x', b: null } }),
    result: meta({ name: 'web', annotations: { a: 'x' } }),
  },
  {
    name: 'a null removes a whole map',
    schema: deployment,
    original: meta({ name: 'web', labels: { app: 'web' } }),
    patch: meta({ labels: null }),
    result: meta({ name: 'web' }),
  },
  {
    name: 'a value of another type replaces',
    schema: deployment,
    original: { spec: { replicas: 1, selector: { matchLabels: { app: 'web' } } } },
    patch: { spec: { replicas: '2', selector: 'all' } },
    result: { spec: { replicas: '2', selector: 'all' } },
  },
  {
    name: '$patch: delete empties a map',
    schema: deployment,
    original: meta({ name: 'web', labels: { app: 'web' } }),
    patch: meta({ labels: { $patch: 'delete' } }),
    result: meta({ name: 'web', labels: {} }),
  },
  {
    name: '$patch: replace replaces a map',
    schema: deployment,
    original: meta({ name: 'web', labels: { app: 'web', tier: 'front' } }),
    patch: meta({ labels: { $patch: 'replace', app: 'api' } }),
    result: meta({ name: 'web', labels: { app: 'api' } }),
  },
  {
    name: '$patch: merge merges, as a map does anyway',
    schema: deployment,
    original: meta({ name: 'web', labels: { app: 'web' } }),
    patch: meta({ labels: { $patch: 'merge', tier: 'front' } }),
    result: meta({ name: 'web', labels: { app: 'web', tier: 'front' } }),
  },
  {
    name: '$retainKeys is honoured wherever it appears, as the server does',
    schema: deployment,
    original: meta({ name: 'web', labels: { app: 'web', tier: 'front' } }),
    patch: meta({ labels: { $retainKeys: ['app', 'track'], track: 'stable' } }),
    result: meta({ name: 'web', labels: { app: 'web', track: 'stable' } }),
  },
  {
    name: 'a root $patch: delete empties the object',
    schema: deployment,
    original: meta({ name: 'web' }),
    patch: { $patch: 'delete' },
    result: {},
  },
  {
    name: 'a map with replace strategy is replaced (PodDisruptionBudget selector)',
    schema: pdb,
    original: { spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
    patch: { spec: { selector: { matchLabels: { app: 'api' } } } },
    result: { spec: { minAvailable: 1, selector: { matchLabels: { app: 'api' } } } },
  },
  {
    name: 'a new map taken whole loses its directives',
    schema: pod,
    original: podSpec({}),
    patch: podSpec({ securityContext: { runAsUser: 1, sysctls: [{ $patch: 'delete', name: 'a' }, { name: 'b' }] } }),
    result: podSpec({ securityContext: { runAsUser: 1, sysctls: [{ name: 'b' }] } }),
  },
];

const lists: Case[] = [
  {
    name: 'containers merge by name',
    schema: pod,
    original: podSpec({ containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] }),
    patch: podSpec({ containers: [{ name: 'web', image: 'nginx:1.27' }] }),
    result: podSpec({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }),
  },
  {
    name: 'a new container goes before the server-only ones, as upstream places it',
    schema: pod,
    original: podSpec({ containers: [{ name: 'a' }, { name: 'b' }] }),
    patch: podSpec({ containers: [{ name: 'c' }] }),
    result: podSpec({ containers: [{ name: 'c' }, { name: 'a' }, { name: 'b' }] }),
  },
  {
    name: 'patch order wins over live order for named items',
    schema: pod,
    original: podSpec({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }),
    patch: podSpec({
      containers: [
        { name: 'c', image: 'x' },
        { name: 'a', image: 'y' },
      ],
    }),
    result: podSpec({ containers: [{ name: 'b' }, { name: 'c', image: 'x' }, { name: 'a', image: 'y' }] }),
  },
  {
    name: 'ports merge by containerPort',
    schema: pod,
    original: podSpec({ containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }] }),
    patch: podSpec({ containers: [{ name: 'web', ports: [{ containerPort: 80, protocol: 'TCP' }] }] }),
    result: podSpec({ containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] }] }),
  },
  {
    name: 'service ports merge by port',
    schema: service,
    original: { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
    patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
    result: { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
  },
  {
    name: 'env merges by name and an item is deleted by $patch: delete',
    schema: pod,
    original: podSpec({
      containers: [
        {
          name: 'web',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
      ],
    }),
    patch: podSpec({
      containers: [
        {
          name: 'web',
          env: [
            { name: 'B', $patch: 'delete' },
            { name: 'C', value: '3' },
          ],
        },
      ],
    }),
    result: podSpec({
      containers: [
        {
          name: 'web',
          env: [
            { name: 'C', value: '3' },
            { name: 'A', value: '1' },
          ],
        },
      ],
    }),
  },
  {
    name: 'volumeMounts merge by mountPath',
    schema: pod,
    original: podSpec({ containers: [{ name: 'web', volumeMounts: [{ mountPath: '/data', name: 'data' }] }] }),
    patch: podSpec({ containers: [{ name: 'web', volumeMounts: [{ mountPath: '/data', readOnly: true }] }] }),
    result: podSpec({
      containers: [{ name: 'web', volumeMounts: [{ mountPath: '/data', name: 'data', readOnly: true }] }],
    }),
  },
  {
    name: 'volumes merge by name',
    schema: pod,
    original: podSpec({
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'a' } },
      ],
    }),
    patch: podSpec({ volumes: [{ name: 'cfg', configMap: { name: 'b' } }] }),
    result: podSpec({
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'b' } },
      ],
    }),
  },
  {
    name: 'status conditions merge by type',
    schema: deployment,
    original: {
      status: {
        conditions: [
          { type: 'Available', status: 'False' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    },
    patch: { status: { conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] } },
    result: {
      status: {
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    },
  },
  {
    name: 'finalizers (merge, primitives) union; new ones first, as upstream places them',
    schema: deployment,
    original: meta({ finalizers: ['a', 'x'] }),
    patch: meta({ finalizers: ['x', 'c'] }),
    result: meta({ finalizers: ['a', 'x', 'c'] }),
  },
  {
    name: 'finalizers: an unknown one alone goes first',
    schema: deployment,
    original: meta({ finalizers: ['a', 'x'] }),
    patch: meta({ finalizers: ['c'] }),
    result: meta({ finalizers: ['c', 'a', 'x'] }),
  },
  {
    name: 'finalizers: $deleteFromPrimitiveList removes',
    schema: deployment,
    original: meta({ finalizers: ['a', 'b', 'c'] }),
    patch: meta({ '$deleteFromPrimitiveList/finalizers': ['b', 'zzz'] }),
    result: meta({ finalizers: ['a', 'c'] }),
  },
  {
    name: 'args (atomic) are replaced',
    schema: pod,
    original: podSpec({ containers: [{ name: 'web', args: ['a', 'b'] }] }),
    patch: podSpec({ containers: [{ name: 'web', args: ['c'] }] }),
    result: podSpec({ containers: [{ name: 'web', args: ['c'] }] }),
  },
  {
    name: 'tolerations (no strategy) are replaced',
    schema: pod,
    original: podSpec({ tolerations: [{ key: 'a' }, { key: 'b' }] }),
    patch: podSpec({ tolerations: [{ key: 'c' }] }),
    result: podSpec({ tolerations: [{ key: 'c' }] }),
  },
  {
    name: 'a list item $patch: replace makes the other items the whole list',
    schema: pod,
    original: podSpec({ containers: [{ name: 'a', image: 'x' }, { name: 'b' }] }),
    patch: podSpec({ containers: [{ name: 'c' }, { $patch: 'replace' }] }),
    result: podSpec({ containers: [{ name: 'c' }] }),
  },
  {
    name: 'an empty patch list changes nothing',
    schema: pod,
    original: podSpec({ containers: [{ name: 'a' }] }),
    patch: podSpec({ containers: [] }),
    result: podSpec({ containers: [{ name: 'a' }] }),
  },
  {
    name: 'hostAliases merge by ip',
    schema: pod,
    original: podSpec({ hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }] }),
    patch: podSpec({
      hostAliases: [
        { ip: '10.0.0.1', hostnames: ['b'] },
        { ip: '10.0.0.2', hostnames: ['c'] },
      ],
    }),
    result: podSpec({
      hostAliases: [
        { ip: '10.0.0.1', hostnames: ['b'] },
        { ip: '10.0.0.2', hostnames: ['c'] },
      ],
    }),
  },
];

const crd: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' } } },
        },
        values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const schemaless: Case[] = [
  {
    name: 'an unknown field merges maps and replaces lists',
    schema: deployment,
    original: { spec: { replicas: 1, extra: { a: 1, list: [{ name: 'a' }] } } },
    patch: { spec: { extra: { b: 2, list: [{ name: 'b' }], a: null } } },
    result: { spec: { replicas: 1, extra: { b: 2, list: [{ name: 'b' }] } } },
  },
  {
    name: 'preserve-unknown-fields subtrees merge like a JSON merge patch',
    schema: crd,
    original: { spec: { values: { image: { tag: '1' }, hosts: ['a', 'b'] } } },
    patch: { spec: { values: { image: { tag: '2', pullPolicy: null }, hosts: ['c'] } } },
    result: { spec: { values: { image: { tag: '2' }, hosts: ['c'] } } },
  },
  {
    name: 'a CRD list without a patch strategy is replaced even when it is a list-type map',
    schema: crd,
    original: { spec: { items: [{ name: 'a', v: 1 }] } },
    patch: { spec: { items: [{ name: 'b' }] } },
    result: { spec: { items: [{ name: 'b' }] } },
  },
  {
    name: 'an order directive on an unknown list of primitives reorders it as upstream does',
    schema: deployment,
    original: { spec: { extra: ['a', 'b', 'c'] } },
    patch: { spec: { '$setElementOrder/extra': ['c', 'a'] } },
    result: { spec: { extra: ['b', 'c', 'a'] } },
  },
  {
    name: 'an order directive on an unknown list of maps keeps the list',
    schema: deployment,
    original: { spec: { extra: [{ a: 1 }, { b: 2 }] } },
    patch: { spec: { '$setElementOrder/extra': [{ b: 2 }] } },
    result: { spec: { extra: [{ a: 1 }, { b: 2 }] } },
  },
  {
    name: 'no schema at all',
    schema: undefined,
    original: { a: { b: 1, c: [1, 2] }, d: 1 },
    patch: { a: { c: [3], e: { f: null, g: 1 } }, d: null },
    result: { a: { b: 1, c: [3], e: { g: 1 } } },
  },
];

describe('applyStrategicMergePatch', () => {
  describe.each([
    { group: 'maps', cases: maps },
    { group: 'lists', cases: lists },
    { group: 'where the schema says nothing', cases: schemaless },
  ])('$group', ({ cases }) => {
    it.each(cases)('$name', ({ schema, original, patch, result }) => {
      expect(applyStrategicMergePatch(original, patch, schema)).toStrictEqual(result);
    });
  });

  it('returns an unchanged copy for a JSON null patch, as the server decodes it to an empty map', () => {
    const original = meta({ name: 'web' });
    const result = applyStrategicMergePatch(original, null as unknown as Doc, deployment);
    expect(result).toStrictEqual(original);
    expect(result).not.toBe(original);
  });

  it('changes neither input and shares nothing with the result', () => {
    const original = podSpec({
      containers: [{ name: 'web', image: 'a', env: [{ name: 'A', value: '1' }] }],
      volumes: [{ name: 'data', emptyDir: {} }],
    });
    const patch = podSpec({
      '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }],
      containers: [
        { name: 'web', image: 'b', env: [{ name: 'A', $patch: 'delete' }] },
        { name: 'side', args: ['x'] },
      ],
      volumes: [{ name: 'data', $retainKeys: ['name', 'configMap'], configMap: { name: 'c' } }],
    });
    const before = structuredClone({ original, patch });
    const result = applyStrategicMergePatch(original, patch, pod) as {
      spec: { containers: { args?: string[] }[]; volumes: unknown[] };
    };
    expect({ original, patch }).toStrictEqual(before);
    result.spec.containers[1].args?.push('y');
    result.spec.volumes.push({ name: 'more' });
    expect({ original, patch }).toStrictEqual(before);
  });
});
