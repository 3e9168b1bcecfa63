import type { FastifyRequest } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { ClusterContext, Target } from '../context.js';
import { StatusError } from '../errors.js';
import { ObjectStore } from '../store.js';
import type { KubeObject, ResourceType } from '../types.js';
import { createGuard } from './guard.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const pods = { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true } as ResourceType;
const target: Target = { type: pods, namespace: 'team-a' };

const request = (token: string) =>
  ({
    method: 'GET',
    headers: { authorization: `Bearer ${token}` },
    raw: { headersDistinct: {} },
  }) as unknown as FastifyRequest;

const viewRole: KubeObject = {
  apiVersion: `${rbacGroup}/v1`,
  kind: 'ClusterRole',
  metadata: { name: 'view' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
};
const bobCanView: KubeObject = {
  apiVersion: `${rbacGroup}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'bob', namespace: 'team-a' },
  roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'view' },
  subjects: [{ kind: 'User', name: 'bob' }],
};

function guarded() {
  const store = new ObjectStore();
  const ctx = { store } as unknown as ClusterContext;
  const guard = createGuard(ctx, { rbac: true, tokens: [{ token: 'bob-token', username: 'bob' }] });
  const allowed = () => {
    const bob = request('bob-token');
    guard.authenticate(bob);
    try {
      guard.authorize(bob, target, {});
      return true;
    } catch (error) {
      if (error instanceof StatusError && error.code === 403) return false;
      throw error;
    }
  };
  return { store, allowed };
}

describe('request guard RBAC', () => {
  it('lists the RBAC objects once while they do not change', () => {
    const { store, allowed } = guarded();
    store.put(`${rbacGroup}/clusterroles`, viewRole);
    store.put(`${rbacGroup}/rolebindings`, bobCanView);
    const list = vi.spyOn(store, 'list');

    expect(allowed()).toBe(true);
    expect(allowed()).toBe(true);
    store.put('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'team-a', name: 'x' } });
    expect(allowed()).toBe(true);

    expect(list).toHaveBeenCalledTimes(4);
  });

  it('sees bindings and roles written or deleted between requests', () => {
    const { store, allowed } = guarded();
    expect(allowed()).toBe(false);
    store.put(`${rbacGroup}/rolebindings`, bobCanView);
    expect(allowed()).toBe(false);
    store.put(`${rbacGroup}/clusterroles`, viewRole);
    expect(allowed()).toBe(true);
    store.put(`${rbacGroup}/clusterroles`, { ...viewRole, rules: [] });
    expect(allowed()).toBe(false);
    store.put(`${rbacGroup}/clusterroles`, viewRole);
    expect(allowed()).toBe(true);
    store.remove(`${rbacGroup}/rolebindings`, 'team-a', 'bob');
    expect(allowed()).toBe(false);
  });

  it('sees RBAC objects brought back by a restore', () => {
    const { store, allowed } = guarded();
    store.put(`${rbacGroup}/clusterroles`, viewRole);
    store.put(`${rbacGroup}/rolebindings`, bobCanView);
    const snapshot = store.snapshot();
    store.remove(`${rbacGroup}/rolebindings`, 'team-a', 'bob');
    expect(allowed()).toBe(false);
    store.restore(snapshot);
    expect(allowed()).toBe(true);
  });
});
