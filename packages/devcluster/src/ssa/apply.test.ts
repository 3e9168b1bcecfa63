import { describe, expect, it } from 'vitest';
import { refTo } from '../schema.js';
import type { KubeObject, ManagedFieldsEntry, SchemaNode } from '../types.js';
import { type ApplyOptions, serverSideApply } from './apply.js';
import { ApplyConflictError, InvalidApplyConfigError } from './errors.js';
import { trackUpdate } from './track-update.js';

const deploymentSchema = refTo('io.k8s.api.apps.v1.Deployment');
const configMapSchema = refTo('io.k8s.api.core.v1.ConfigMap');

const apply = (
  live: KubeObject | undefined,
  config: KubeObject,
  options: Partial<ApplyOptions> = {},
  schema: SchemaNode = deploymentSchema,
) =>
  serverSideApply(live, config, schema, {
    manager: 'kubectl',
    force: false,
    apiVersion: schema === deploymentSchema ? 'apps/v1' : 'v1',
    now: '2024-05-01T10:00:00Z',
    ...options,
  });

const update = (live: KubeObject, next: KubeObject, manager: string, schema: SchemaNode = deploymentSchema) =>
  trackUpdate(live, next, schema, {
    manager,
    apiVersion: schema === deploymentSchema ? 'apps/v1' : 'v1',
    now: '2024-05-01T09:00:00Z',
  });

interface DeploymentSpec {
  replicas?: number;
  image?: string;
  env?: { name: string; value: string }[];
  ports?: { containerPort: number; protocol?: string }[];
  labels?: Record<string, string>;
}

function deployment({ replicas, image = 'nginx:1.25', env, ports, labels }: DeploymentSpec = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...(labels ? { labels } : {}) },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'nginx', image, ...(ports ? { ports } : {}), ...(env ? { env } : {}) }],
        },
      },
    },
  };
}

const configMap = (data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default', ...(labels ? { labels } : {}) },
  data,
});

const entry = (object: KubeObject, manager: string): ManagedFieldsEntry | undefined =>
  object.metadata.managedFields?.find((e) => e.manager === manager);

const spec = (object: KubeObject) => object.spec as Record<string, any>;
const containers = (object: KubeObject) => spec(object).template.spec.containers as Record<string, any>[];

function conflictOf(run: () => unknown): ApplyConflictError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApplyConflictError) return error;
    throw error;
  }
  throw new Error('expected an apply conflict');
}

describe('serverSideApply', () => {
  it('creates the object with one Apply entry, exactly as the API server writes it', () => {
    const created = apply(undefined, configMap({ key: 'value' }, { app: 'web' }), {}, configMapSchema);
    expect(created).toEqual({
      ...configMap({ key: 'value' }, { app: 'web' }),
      metadata: {
        name: 'settings',
        namespace: 'default',
        labels: { app: 'web' },
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'v1',
            time: '2024-05-01T10:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
          },
        ],
      },
    });
  });

  it('does not change its inputs', () => {
    const config = configMap({ key: 'value' });
    const live = apply(undefined, config, {}, configMapSchema);
    const frozen = JSON.stringify([live, config]);
    apply(live, configMap({ other: 'x' }), {}, configMapSchema);
    expect(JSON.stringify([live, config])).toBe(frozen);
  });

  it.each([
    ['a data key', configMap({ a: '1', b: '2' }), configMap({ a: '1' }), { a: '1' }, undefined],
    [
      'the last label, and with it the labels map',
      configMap({ a: '1' }, { app: 'web' }),
      configMap({ a: '1' }),
      { a: '1' },
      undefined,
    ],
    [
      'one of two labels',
      configMap({ a: '1' }, { app: 'web', tier: 'f' }),
      configMap({ a: '1' }, { app: 'web' }),
      { a: '1' },
      { app: 'web' },
    ],
  ])('re-applying without %s removes it from the object', (_, first, second, data, labels) => {
    const live = apply(undefined, first, {}, configMapSchema);
    const next = apply(live, second, {}, configMapSchema);
    expect(next.data).toEqual(data);
    expect(next.metadata.labels).toEqual(labels);
    expect(entry(next, 'kubectl')?.fieldsV1).toEqual(
      labels ? { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } } : { 'f:data': { 'f:a': {} } },
    );
  });

  it('keeps a removed field another manager still owns, and fields nobody applied', () => {
    const live = apply(undefined, configMap({ a: '1', shared: 'x' }), {}, configMapSchema);
    const withOther = apply(live, configMap({ shared: 'x' }), { manager: 'helm' }, configMapSchema);
    const unowned = { ...withOther, data: { ...(withOther.data as object), extra: 'kept' } };
    const next = apply(unowned, configMap({ a: '1' }), {}, configMapSchema);
    expect(next.data).toEqual({ a: '1', shared: 'x', extra: 'kept' });
    expect(entry(next, 'helm')?.fieldsV1).toEqual({ 'f:data': { 'f:shared': {} } });
  });

  it('makes managers applying the same value co-owners, without a conflict', () => {
    const live = apply(undefined, deployment({ replicas: 3 }));
    const next = apply(live, deployment({ replicas: 3 }), { manager: 'argocd' });
    expect(entry(next, 'kubectl')?.fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(entry(next, 'argocd')?.fieldsV1['f:spec']['f:replicas']).toEqual({});
    const dropped = apply(next, deployment({}), { manager: 'argocd' });
    expect(spec(dropped).replicas).toBe(3);
  });

  it('rejects changing a field another manager updated, with the API server message and causes', () => {
    const live = apply(undefined, deployment({ replicas: 3 }), { manager: 'kubectl-client-side-apply' });
    const scaled = update(live, { ...live, spec: { ...spec(live), replicas: 5 } }, 'kubectl-client-side-apply');
    const error = conflictOf(() => apply(scaled, deployment({ replicas: 2 })));
    expect(error).toBeInstanceOf(ApplyConflictError);
    expect(error.name).toBe('ApplyConflictError');
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(error.conflicts).toEqual([{ manager: 'kubectl-client-side-apply', field: '.spec.replicas' }]);
    expect(error.causes).toEqual([
      {
        type: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
  });

  it('lists several conflicts grouped by manager, managers sorted', () => {
    const live = apply(undefined, deployment({ replicas: 3, image: 'nginx:1.25' }), { manager: 'helm' });
    const scaled = update(live, { ...live, spec: { ...spec(live), replicas: 4 } }, 'hpa');
    const error = conflictOf(() => apply(scaled, deployment({ replicas: 1, image: 'nginx:1.27' })));
    expect(error.message).toBe(
      [
        'Apply failed with 2 conflicts: conflicts with "helm":',
        '- .spec.template.spec.containers[name="nginx"].image',
        'conflicts with "hpa" using apps/v1:',
        '- .spec.replicas',
      ].join('\n'),
    );
    expect(error.conflicts).toEqual([
      { manager: 'helm', field: '.spec.template.spec.containers[name="nginx"].image' },
      { manager: 'hpa', field: '.spec.replicas' },
    ]);
  });

  it('with force takes the fields, removing them from the other managers', () => {
    const live = apply(undefined, deployment({ replicas: 3 }), { manager: 'helm' });
    const forced = apply(live, deployment({ replicas: 1, image: 'nginx:1.27' }), { force: true });
    expect(spec(forced).replicas).toBe(1);
    expect(containers(forced)[0].image).toBe('nginx:1.27');
    const helm = entry(forced, 'helm')!.fieldsV1;
    expect(helm['f:spec']['f:replicas']).toBeUndefined();
    expect(helm['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']).toEqual({
      '.': {},
      'f:name': {},
    });
    expect(entry(forced, 'kubectl')?.fieldsV1['f:spec']['f:replicas']).toEqual({});
  });

  it('drops an entry force leaves empty', () => {
    const live = apply(undefined, configMap({ a: '1' }), { manager: 'helm' }, configMapSchema);
    const forced = apply(live, configMap({ a: '2' }), { force: true }, configMapSchema);
    expect(forced.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl']);
  });

  it('merges associative lists by key, keeping items the configuration does not name', () => {
    const live = apply(undefined, deployment({ ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }), {
      manager: 'helm',
    });
    const withSidecar = update(
      live,
      {
        ...live,
        spec: {
          ...spec(live),
          template: {
            ...spec(live).template,
            spec: { containers: [...containers(live), { name: 'proxy', image: 'envoy:1.30' }] },
          },
        },
      },
      'mesh-injector',
    );
    const next = apply(
      withSidecar,
      deployment({
        ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }],
        env: [{ name: 'B', value: '2' }],
      }),
    );
    expect(containers(next)).toEqual([
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'proxy', image: 'envoy:1.30' },
    ]);
    const nginx = entry(next, 'kubectl')!.fieldsV1['f:spec']['f:template']['f:spec']['f:containers'][
      'k:{"name":"nginx"}'
    ];
    expect(Object.keys(nginx['f:ports'])).toEqual([
      'k:{"containerPort":80,"protocol":"TCP"}',
      'k:{"containerPort":80,"protocol":"UDP"}',
    ]);
    expect(Object.keys(nginx['f:env'])).toEqual(['k:{"name":"B"}']);
  });

  it('removes a list item the manager applied before and no longer does', () => {
    const live = apply(
      undefined,
      deployment({
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      }),
    );
    const next = apply(live, deployment({ env: [{ name: 'B', value: '2' }] }));
    expect(containers(next)[0].env).toEqual([{ name: 'B', value: '2' }]);
  });

  it('puts configuration-only items where the configuration has them and keeps live-only ones in place', () => {
    const live = apply(undefined, deployment({ env: ['A', 'B', 'C'].map((name) => ({ name, value: name })) }), {
      manager: 'helm',
    });
    const next = apply(live, deployment({ env: ['C', 'X', 'A'].map((name) => ({ name, value: name })) }));
    expect(containers(next)[0].env.map((e: { name: string }) => e.name)).toEqual(['B', 'C', 'X', 'A']);
  });

  it('merges set lists and replaces atomic lists whole', () => {
    const schema: SchemaNode = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            args: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
          },
        },
      },
    };
    const widget = (tags: string[], args: string[]): KubeObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { tags, args },
    });
    const live = apply(
      undefined,
      widget(['a', 'b'], ['-v', '--x']),
      { manager: 'helm', apiVersion: 'example.com/v1' },
      schema,
    );
    const next = apply(live, widget(['c'], ['-v', '--x']), { apiVersion: 'example.com/v1' }, schema);
    expect(next.spec).toEqual({ tags: ['a', 'b', 'c'], args: ['-v', '--x'] });
    expect(entry(next, 'kubectl')?.fieldsV1).toEqual({ 'f:spec': { 'f:args': {}, 'f:tags': { 'v:"c"': {} } } });
    const error = conflictOf(() => apply(next, widget([], ['-q']), { apiVersion: 'example.com/v1' }, schema));
    expect(error.conflicts).toEqual([{ manager: 'helm', field: '.spec.args' }]);
  });

  it('clears a value applied as null but keeps owning it', () => {
    const live = apply(undefined, deployment({ replicas: 3 }));
    const next = apply(live, { ...deployment(), spec: { ...spec(deployment()), replicas: null } });
    expect(spec(next)).not.toHaveProperty('replicas');
    expect(entry(next, 'kubectl')?.fieldsV1['f:spec']['f:replicas']).toEqual({});
  });

  it('records the subresource and keeps the time of an apply that changes nothing', () => {
    const live = apply(undefined, configMap({ a: '1' }), { subresource: 'status' }, configMapSchema);
    expect(entry(live, 'kubectl')).toMatchObject({ subresource: 'status', time: '2024-05-01T10:00:00Z' });
    const again = apply(
      live,
      configMap({ a: '1' }),
      { subresource: 'status', now: '2024-05-02T00:00:00Z' },
      configMapSchema,
    );
    expect(again.metadata.managedFields).toEqual(live.metadata.managedFields);
  });

  it.each([
    [
      'duplicate keys',
      { name: 'nginx', image: 'other' },
      '.spec.template.spec.containers: duplicate entries for key [name="nginx"]',
    ],
    [
      'an item without its key',
      { image: 'other' },
      '.spec.template.spec.containers: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ],
  ])('rejects a configuration with %s as invalid', (_, container, message) => {
    const config = deployment();
    spec(config).template.spec.containers.push(container);
    expect(() => apply(undefined, config)).toThrow(InvalidApplyConfigError);
    expect(() => apply(undefined, config)).toThrow(message);
  });
});

describe('serverSideApply after kubectl client-side apply', () => {
  const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
  const clientSideApplied = (config: KubeObject): KubeObject => {
    const annotated = {
      ...config,
      metadata: { ...config.metadata, annotations: { [lastApplied]: `${JSON.stringify(config)}\n` } },
    };
    return trackUpdate(undefined, annotated, configMapSchema, {
      manager: 'kubectl-client-side-apply',
      apiVersion: 'v1',
      now: '2024-05-01T09:00:00Z',
    });
  };

  it('lets kubectl take over what its client-side apply set, and rewrites the annotation', () => {
    const live = clientSideApplied(configMap({ a: '1', b: '2' }));
    const next = apply(live, configMap({ a: '1', b: '3' }), {}, configMapSchema);
    expect(next.data).toEqual({ a: '1', b: '3' });
    expect(next.metadata.annotations?.[lastApplied]).toBe(
      '{"apiVersion":"v1","data":{"a":"1","b":"3"},"kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"}}\n',
    );
    expect(entry(next, 'kubectl-client-side-apply')?.fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:a': {} },
      'f:metadata': { 'f:annotations': { '.': {}, [`f:${lastApplied}`]: {} } },
    });
  });

  it('still conflicts over fields changed since, and for other managers', () => {
    const live = clientSideApplied(configMap({ a: '1' }));
    const edited = update(live, { ...live, data: { a: 'edited' } }, 'kubectl-edit', configMapSchema);
    const error = conflictOf(() => apply(edited, configMap({ a: '2' }), {}, configMapSchema));
    expect(error.conflicts).toEqual([{ manager: 'kubectl-edit', field: '.data.a' }]);
    expect(() => apply(live, configMap({ a: '2' }), { manager: 'helm' }, configMapSchema)).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
    );
  });
});
