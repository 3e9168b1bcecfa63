import { describe, expect, it } from 'vitest';
import { cleanupPatch } from './apply.js';
import type { Unstructured } from './objects.js';

const entry = (manager: string, operation: string, fieldsV1: Record<string, unknown>, subresource?: string) => ({
  manager,
  operation,
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1,
  ...(subresource ? { subresource } : {}),
});

const configMap = (managedFields: unknown[], annotations?: Record<string, string>): Unstructured => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'apps', managedFields, ...(annotations ? { annotations } : {}) },
});

describe('cleanupPatch', () => {
  it('does nothing when only server-side apply managers own the object', () => {
    const live = configMap([
      entry('kustomize-controller', 'Apply', { 'f:data': { 'f:a': {} } }),
      entry('kubectl-edit', 'Update', {}),
    ]);
    expect(cleanupPatch(live, 'kustomize-controller')).toEqual([]);
  });

  it('removes the last-applied annotation', () => {
    const live = configMap([], { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' });
    expect(cleanupPatch(live, 'kustomize-controller')).toEqual([
      { op: 'remove', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration' },
    ]);
  });

  it.each([
    ['kubectl', 'Update'],
    ['kubectl', 'Apply'],
    ['kubectl-client-side-apply', 'Update'],
    ['before-first-apply', 'Update'],
    ['kustomize-controller', 'Update'],
  ])('hands the fields of %s (%s) to our Apply entry', (manager, operation) => {
    const ours = entry('kustomize-controller', 'Apply', { 'f:data': { 'f:a': {} } });
    const other = entry('kubectl-edit', 'Update', { 'f:data': { 'f:c': {} } });
    const status = entry('kubectl', 'Update', { 'f:status': {} }, 'status');
    const live = configMap([ours, entry(manager, operation, { 'f:data': { 'f:b': {} } }), other, status]);
    expect(cleanupPatch(live, 'kustomize-controller')).toEqual([
      {
        op: 'replace',
        path: '/metadata/managedFields',
        value: [{ ...ours, fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } }, other, status],
      },
    ]);
  });

  it('adds our Apply entry when there is none yet', () => {
    const live = configMap([entry('kubectl-client-side-apply', 'Update', { 'f:data': { 'f:b': {} } })]);
    expect(cleanupPatch(live, 'kustomize-controller')).toEqual([
      {
        op: 'replace',
        path: '/metadata/managedFields',
        value: [entry('kustomize-controller', 'Apply', { 'f:data': { 'f:b': {} } })],
      },
    ]);
  });
});
