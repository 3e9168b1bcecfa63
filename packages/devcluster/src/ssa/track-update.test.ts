import { describe, expect, it } from 'vitest';
import { refTo } from '../schema.js';
import type { KubeObject, ManagedFieldsEntry } from '../types.js';
import { serverSideApply } from './apply.js';
import { type TrackUpdateOptions, trackUpdate } from './track-update.js';

const configMapSchema = refTo('io.k8s.api.core.v1.ConfigMap');
const deploymentSchema = refTo('io.k8s.api.apps.v1.Deployment');

const track = (oldObj: KubeObject | undefined, newObj: KubeObject, options: Partial<TrackUpdateOptions> = {}) =>
  trackUpdate(oldObj, newObj, configMapSchema, {
    manager: 'kubectl-create',
    apiVersion: 'v1',
    now: '2024-05-01T10:00:00Z',
    ...options,
  });

const configMap = (data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default', uid: 'u-1', resourceVersion: '1', ...(labels ? { labels } : {}) },
  data,
});

/** The next version of `object` as a client would send it: its managed fields carried along. */
const edit = (object: KubeObject, data: Record<string, string>, labels?: Record<string, string>): KubeObject => {
  const next = configMap(data, labels);
  next.metadata.managedFields = object.metadata.managedFields;
  next.metadata.resourceVersion = '2';
  return next;
};

const summary = (object: KubeObject) =>
  object.metadata.managedFields?.map(
    ({ manager, operation, apiVersion, subresource, fieldsV1 }: ManagedFieldsEntry) => ({
      manager,
      operation,
      apiVersion,
      ...(subresource ? { subresource } : {}),
      fieldsV1,
    }),
  );

describe('trackUpdate', () => {
  it('gives the creator every field it set, new maps owned themselves, as kubectl create shows', () => {
    const created = track(undefined, configMap({ key: 'value' }, { app: 'web' }));
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:key': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      },
    ]);
  });

  it('moves changed fields from the applier to the updater, Apply entries listed first', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
    };
    const applied = serverSideApply(undefined, deployment, deploymentSchema, {
      manager: 'kubectl',
      force: false,
      apiVersion: 'apps/v1',
      now: '2024-05-01T11:00:00Z',
    });
    const scaled = trackUpdate(
      applied,
      { ...applied, spec: { ...(applied.spec as object), replicas: 5 } },
      deploymentSchema,
      { manager: 'kube-controller-manager', apiVersion: 'apps/v1', now: '2024-05-01T09:00:00Z' },
    );
    expect(summary(scaled)).toEqual([
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:selector': {} } } },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('removes fields that disappeared from every manager and drops emptied entries', () => {
    const created = track(undefined, configMap({ a: '1' }, { app: 'web' }));
    const labelled = track(created, edit(created, { a: '1' }, { app: 'web', tier: 'front' }), { manager: 'labeller' });
    const next = track(labelled, edit(labelled, { a: '1' }), { manager: 'kubectl-edit' });
    expect(next.metadata.labels).toBeUndefined();
    expect(summary(next)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } },
      },
    ]);
  });

  it.each([
    [
      'the same version: merged into its entry',
      {},
      [['kubectl-create', 'v1', undefined, { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } }]],
    ],
    [
      'another version: a separate entry',
      { apiVersion: 'v2' },
      [
        ['kubectl-create', 'v1', undefined, { 'f:data': { '.': {}, 'f:a': {} } }],
        ['kubectl-create', 'v2', undefined, { 'f:data': { 'f:b': {} } }],
      ],
    ],
    [
      'a subresource: a separate entry',
      { subresource: 'status' },
      [
        ['kubectl-create', 'v1', undefined, { 'f:data': { '.': {}, 'f:a': {} } }],
        ['kubectl-create', 'v1', 'status', { 'f:data': { 'f:b': {} } }],
      ],
    ],
  ] as const)('tracks a second write by the same manager for %s', (_, options, expected) => {
    const created = track(undefined, configMap({ a: '1' }), { now: '2024-05-01T08:00:00Z' });
    const next = track(created, edit(created, { a: '1', b: '2' }), options);
    expect(summary(next)).toEqual(
      expected.map(([manager, apiVersion, subresource, fieldsV1]) => ({
        manager,
        operation: 'Update',
        apiVersion,
        ...(subresource ? { subresource } : {}),
        fieldsV1,
      })),
    );
    expect(next.metadata.managedFields?.map((e) => e.time).at(-1)).toBe('2024-05-01T10:00:00Z');
  });

  it('leaves managed fields as they were when a write changes nothing tracked', () => {
    const created = track(undefined, configMap({ a: '1' }), { now: '2024-05-01T08:00:00Z' });
    const next = track(created, edit(created, { a: '1' }), { manager: 'someone-else' });
    expect(next.metadata.managedFields).toEqual(created.metadata.managedFields);
    expect(next.metadata.managedFields?.[0]).toBe(created.metadata.managedFields?.[0]);
  });

  const supplied: ManagedFieldsEntry[] = [
    {
      manager: 'restored',
      operation: 'Apply',
      apiVersion: 'v1',
      time: '2024-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:a': {} } },
    },
  ];

  it.each([
    ['different entries: kept', supplied, undefined, ['restored', 'writer']],
    ['[]: cleared', [], undefined, ['writer']],
    ['[{}]: cleared', [{}], undefined, ['writer']],
    ['invalid entries: ignored', [{ manager: 'x', operation: 'Patch' }], undefined, ['kubectl-create', 'writer']],
    ['entries on a subresource write: ignored', supplied, 'status', ['kubectl-create', 'writer']],
  ])('treats client-supplied managed fields with %s', (_, sent, subresource, managers) => {
    const created = track(undefined, configMap({ a: '1' }));
    const next = edit(created, { a: '1', b: '2' });
    next.metadata.managedFields = sent as ManagedFieldsEntry[];
    const tracked = track(created, next, { manager: 'writer', subresource });
    expect(tracked.metadata.managedFields?.map((e) => e.manager)).toEqual(managers);
  });
});
