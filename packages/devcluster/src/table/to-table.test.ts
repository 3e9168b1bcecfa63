import { describe, expect, it } from 'vitest';
import { resourceTypesFromCrd } from '../crd/resource-types.js';
import { ResourceRegistry } from '../registry.js';
import { widgetCrd } from '../testing/widget-crd.js';
import type { KubeObject, ResourceType } from '../types.js';
import { toTable } from './to-table.js';

const registry = new ResourceRegistry();
const builtin = (group: string, kind: string): ResourceType =>
  registry.all().find((t) => t.group === group && t.kind === kind)!;
const now = new Date('2024-01-01T01:00:00Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  creationTimestamp: '2024-01-01T00:00:00Z',
  resourceVersion: '7',
  ...extra,
});
const object = (
  apiVersion: string,
  kind: string,
  fields: Record<string, unknown>,
  metadata = meta('x'),
): KubeObject => ({
  apiVersion,
  kind,
  metadata,
  ...fields,
});
const columnsOf = (type: ResourceType) =>
  toTable(type, [], { includeObject: 'None', now }).columnDefinitions.map((c) => c.name);
const cellsOf = (type: ResourceType, obj: KubeObject) =>
  toTable(type, [obj], { includeObject: 'None', now }).rows[0].cells;

const crd = widgetCrd({
  versions: [
    {
      name: 'v1',
      schema: { openAPIV3Schema: { type: 'object' } },
      additionalPrinterColumns: [
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message', priority: 1 },
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Images', type: 'string', jsonPath: '.spec.containers[*].image' },
        { name: 'Labels', type: 'string', jsonPath: '.metadata.labels' },
        { name: 'Seen', type: 'date', jsonPath: '.status.lastSeen' },
      ],
    },
    { name: 'v1beta1', schema: { openAPIV3Schema: { type: 'object' } } },
  ],
});
const [widgetV1, widgetV1beta1] = resourceTypesFromCrd(crd);

describe('toTable', () => {
  it.each([
    ['', 'Pod', ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']],
    ['apps', 'Deployment', ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']],
    ['apps', 'StatefulSet', ['Name', 'Ready', 'Age', 'Containers', 'Images']],
    ['batch', 'Job', ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector']],
    ['', 'Service', ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']],
    ['', 'ConfigMap', ['Name', 'Data', 'Age']],
    ['', 'Secret', ['Name', 'Type', 'Data', 'Age']],
    ['', 'Namespace', ['Name', 'Status', 'Age']],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', ['Name', 'Created At']],
    ['rbac.authorization.k8s.io', 'Role', ['Name', 'Created At']],
    ['rbac.authorization.k8s.io', 'RoleBinding', ['Name', 'Role', 'Age', 'Users', 'Groups', 'ServiceAccounts']],
    ['flowcontrol.apiserver.k8s.io', 'FlowSchema', ['Name', 'Age']],
  ])('prints %s %s with the API server columns', (group, kind, columns) => {
    expect(columnsOf(builtin(group, kind))).toEqual(columns);
  });

  it('marks wide columns with priority 1 and names with format name', () => {
    const columns = toTable(builtin('apps', 'Deployment'), [], { includeObject: 'None', now }).columnDefinitions;
    expect(columns[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(columns.filter((c) => c.priority === 1).map((c) => c.name)).toEqual(['Containers', 'Images', 'Selector']);
  });

  it.each([
    [
      'a running pod',
      builtin('', 'Pod'),
      object('v1', 'Pod', {
        spec: { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'node-1' },
        status: {
          phase: 'Running',
          podIP: '10.0.0.5',
          containerStatuses: [
            {
              name: 'a',
              ready: true,
              restartCount: 1,
              state: { running: {} },
              lastState: { terminated: { finishedAt: '2024-01-01T00:58:00Z' } },
            },
            { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } },
          ],
        },
      }),
      ['x', '1/2', 'CrashLoopBackOff', '1 (2m ago)', '60m', '10.0.0.5', 'node-1', '<none>', '<none>'],
    ],
    [
      'a pod waiting for its init containers',
      builtin('', 'Pod'),
      object('v1', 'Pod', {
        spec: { initContainers: [{ name: 'i' }], containers: [{ name: 'a' }] },
        status: { phase: 'Pending', initContainerStatuses: [{ name: 'i', restartCount: 0, state: { running: {} } }] },
      }),
      ['x', '0/1', 'Init:0/1', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'a deployment',
      builtin('apps', 'Deployment'),
      object('apps/v1', 'Deployment', {
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            spec: {
              containers: [
                { name: 'web', image: 'nginx:1' },
                { name: 'log', image: 'busybox' },
              ],
            },
          },
        },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      }),
      ['x', '2/3', 3, 2, '60m', 'web,log', 'nginx:1,busybox', 'app=web'],
    ],
    [
      'a completed job',
      builtin('batch', 'Job'),
      object('batch/v1', 'Job', {
        spec: { completions: 1, template: { spec: { containers: [{ name: 'j', image: 'busybox' }] } } },
        status: {
          succeeded: 1,
          startTime: '2024-01-01T00:10:00Z',
          completionTime: '2024-01-01T00:10:42Z',
          conditions: [{ type: 'Complete', status: 'True' }],
        },
      }),
      ['x', 'Complete', '1/1', '42s', '60m', 'j', 'busybox', '<none>'],
    ],
    [
      'a service',
      builtin('', 'Service'),
      object('v1', 'Service', {
        spec: {
          type: 'NodePort',
          clusterIP: '10.96.0.10',
          ports: [
            { port: 80, nodePort: 30080, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
          selector: { app: 'web' },
        },
      }),
      ['x', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '60m', 'app=web'],
    ],
    [
      'a config map',
      builtin('', 'ConfigMap'),
      object('v1', 'ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
      ['x', 3, '60m'],
    ],
    [
      'a secret',
      builtin('', 'Secret'),
      object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
      ['x', 'kubernetes.io/tls', 2, '60m'],
    ],
    [
      'a namespace',
      builtin('', 'Namespace'),
      object('v1', 'Namespace', { status: { phase: 'Active' } }),
      ['x', 'Active', '60m'],
    ],
    [
      'a custom resource definition',
      builtin('apiextensions.k8s.io', 'CustomResourceDefinition'),
      object(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        {},
        meta('widgets.example.com', { creationTimestamp: '2024-01-01T00:00:00.000Z' }),
      ),
      ['widgets.example.com', '2024-01-01T00:00:00Z'],
    ],
    [
      'a role binding',
      builtin('rbac.authorization.k8s.io', 'RoleBinding'),
      object('rbac.authorization.k8s.io/v1', 'RoleBinding', {
        roleRef: { kind: 'ClusterRole', name: 'view' },
        subjects: [
          { kind: 'User', name: 'jane' },
          { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
        ],
      }),
      ['x', 'ClusterRole/view', '60m', 'jane', '', 'ci:bot'],
    ],
    [
      'a custom resource',
      widgetV1,
      object(
        'example.com/v1',
        'Widget',
        {
          spec: { replicas: 2, containers: [{ image: 'a' }, { image: 'b' }] },
          metadata: meta('x', { labels: { app: 'w' } }),
          status: { conditions: [{ type: 'Ready', status: 'True', message: 'ok' }], lastSeen: '2024-01-01T00:59:30Z' },
        },
        meta('x', { labels: { app: 'w' } }),
      ),
      ['x', 'True', 'ok', 2, 'a', '{"app":"w"}', '30s', '60m'],
    ],
    [
      'a custom resource missing its columns',
      widgetV1,
      object('example.com/v1', 'Widget', {}),
      ['x', null, null, null, null, null, null, '60m'],
    ],
    [
      'a custom resource version without columns',
      widgetV1beta1,
      object('example.com/v1beta1', 'Widget', {}),
      ['x', '60m'],
    ],
  ])('prints %s', (_case, type, obj, cells) => {
    expect(cellsOf(type, obj)).toEqual(cells);
  });

  it('names custom resource columns and defaults their descriptions', () => {
    const columns = toTable(widgetV1, [], { includeObject: 'None', now }).columnDefinitions;
    expect(columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 1],
      ['Replicas', 'integer', 0],
      ['Images', 'string', 0],
      ['Labels', 'string', 0],
      ['Seen', 'date', 0],
      ['Age', 'date', 0],
    ]);
    expect(columns[1].description).toBe(
      'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status',
    );
    expect(columnsOf(widgetV1beta1)).toEqual(['Name', 'Age']);
  });

  it.each([
    ['None', undefined],
    ['Metadata', { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta('x') }],
    ['Object', object('v1', 'ConfigMap', { data: {} })],
  ] as const)('includes the object as %s asks', (includeObject, expected) => {
    const table = toTable(builtin('', 'ConfigMap'), [object('v1', 'ConfigMap', { data: {} })], { includeObject, now });
    expect(table.rows[0].object).toEqual(expected);
  });

  it('is a meta.k8s.io/v1 Table carrying the list metadata', () => {
    const table = toTable(builtin('', 'ConfigMap'), [], {
      includeObject: 'None',
      now,
      listMeta: { resourceVersion: '42', continue: 'abc' },
    });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42', continue: 'abc' },
      rows: [],
    });
  });

  it('marks finished pods completed', () => {
    const pod = object('v1', 'Pod', { spec: { containers: [] }, status: { phase: 'Succeeded' } });
    expect(toTable(builtin('', 'Pod'), [pod], { includeObject: 'None', now }).rows[0].conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });
});
