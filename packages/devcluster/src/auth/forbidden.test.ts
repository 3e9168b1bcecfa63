import { describe, expect, it } from 'vitest';
import type { AuthorizationAttributes } from './attributes.js';
import { forbiddenError, forbiddenMessage } from './forbidden.js';

const deployer = { username: 'system:serviceaccount:team-a:deployer', groups: [] };

describe('forbiddenMessage', () => {
  it.each<[string, Omit<AuthorizationAttributes, 'user'>, string]>([
    [
      'namespaced get',
      { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'team-b', name: 'web' },
      'deployments.apps "web" is forbidden: User "system:serviceaccount:team-a:deployer" cannot get resource "deployments" in API group "apps" in the namespace "team-b"',
    ],
    [
      'namespaced list',
      { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'team-b' },
      'deployments.apps is forbidden: User "system:serviceaccount:team-a:deployer" cannot list resource "deployments" in API group "apps" in the namespace "team-b"',
    ],
    [
      'core group',
      { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default' },
      'pods is forbidden: User "system:serviceaccount:team-a:deployer" cannot list resource "pods" in API group "" in the namespace "default"',
    ],
    [
      'cluster scope',
      { verb: 'create', apiGroup: '', resource: 'namespaces' },
      'namespaces is forbidden: User "system:serviceaccount:team-a:deployer" cannot create resource "namespaces" in API group "" at the cluster scope',
    ],
    [
      'subresource',
      { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'a', name: 'web' },
      'deployments.apps "web" is forbidden: User "system:serviceaccount:team-a:deployer" cannot update resource "deployments/scale" in API group "apps" in the namespace "a"',
    ],
    [
      'non-resource path',
      { verb: 'get', apiGroup: '', resource: '', nonResourcePath: '/metrics' },
      'forbidden: User "system:serviceaccount:team-a:deployer" cannot get path "/metrics"',
    ],
  ])('%s', (_, attributes, message) => {
    expect(forbiddenMessage({ user: deployer, ...attributes })).toBe(message);
  });

  it('appends the authorizer reason', () => {
    const attributes = { user: deployer, verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'a' };
    expect(forbiddenMessage(attributes, 'RBAC: role.rbac.authorization.k8s.io "x" not found')).toMatch(
      /in the namespace "a": RBAC: role\.rbac\.authorization\.k8s\.io "x" not found$/,
    );
  });

  it('builds the 403 Status with details naming the resource', () => {
    const error = forbiddenError({
      user: deployer,
      verb: 'get',
      apiGroup: 'apps',
      resource: 'deployments',
      name: 'web',
    });
    expect(error.toStatus()).toMatchObject({
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });
});
