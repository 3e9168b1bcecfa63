import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import type { AuthorizationAttributes, RbacObjects } from './attributes.js';
import { authorize } from './authorize.js';
import { RbacIndex } from './rbac-index.js';
import type { UserInfo } from './user.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const object = (kind: string, name: string, rest: Record<string, unknown>, namespace?: string): KubeObject => ({
  apiVersion: `${rbacGroup}/v1`,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...((rest.metadata as object) ?? {}) },
  ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'metadata')),
});
const ref = (kind: string, name: string) => ({ apiGroup: rbacGroup, kind, name });

const rbac: RbacObjects = {
  roles: [
    object(
      'Role',
      'deployer',
      {
        rules: [
          { apiGroups: ['apps'], resources: ['deployments', 'deployments/status'], verbs: ['get', 'list', 'patch'] },
          { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] },
          { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get'] },
        ],
      },
      'team-a',
    ),
  ],
  clusterRoles: [
    object('ClusterRole', 'view', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }),
    object('ClusterRole', 'probe', { rules: [{ nonResourceURLs: ['/healthz/*', '/version'], verbs: ['get'] }] }),
    object('ClusterRole', 'monitoring', {
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }] },
    }),
    object('ClusterRole', 'metrics-reader', {
      metadata: { labels: { 'example.com/aggregate-to-monitoring': 'true' } },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['*'], verbs: ['get'] }],
    }),
    object('ClusterRole', 'monitoring-plus', {
      aggregationRule: {
        clusterRoleSelectors: [
          { matchExpressions: [{ key: 'example.com/aggregate-to-monitoring', operator: 'Exists' }] },
        ],
      },
    }),
  ],
  roleBindings: [
    object(
      'RoleBinding',
      'deployer',
      { roleRef: ref('Role', 'deployer'), subjects: [{ kind: 'ServiceAccount', name: 'deployer' }] },
      'team-a',
    ),
    object(
      'RoleBinding',
      'viewers',
      { roleRef: ref('ClusterRole', 'view'), subjects: [{ kind: 'Group', name: 'viewers' }] },
      'team-a',
    ),
    object(
      'RoleBinding',
      'dangling',
      { roleRef: ref('Role', 'gone'), subjects: [{ kind: 'User', name: 'bob' }] },
      'team-a',
    ),
  ],
  clusterRoleBindings: [
    object('ClusterRoleBinding', 'probes', {
      roleRef: ref('ClusterRole', 'probe'),
      subjects: [{ kind: 'Group', name: 'system:authenticated' }],
    }),
    object('ClusterRoleBinding', 'monitoring', {
      roleRef: ref('ClusterRole', 'monitoring'),
      subjects: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }],
    }),
    object('ClusterRoleBinding', 'dangling', {
      roleRef: ref('ClusterRole', 'missing'),
      subjects: [{ kind: 'User', name: 'bob' }],
    }),
  ],
};

const deployer: UserInfo = {
  username: 'system:serviceaccount:team-a:deployer',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
};
const viewer: UserInfo = { username: 'vera', groups: ['viewers', 'system:authenticated'] };
const prometheus: UserInfo = { username: 'system:serviceaccount:monitoring:prometheus', groups: [] };
const bob: UserInfo = { username: 'bob', groups: [] };
const admin: UserInfo = { username: 'root', groups: ['system:masters'] };

type Case = [string, UserInfo, Omit<AuthorizationAttributes, 'user'>, boolean];
const resource = (verb: string, apiGroup: string, res: string, extra: Partial<AuthorizationAttributes> = {}) => ({
  verb,
  apiGroup,
  resource: res,
  ...extra,
});

describe('authorize', () => {
  it.each<Case>([
    [
      'Role grants in its namespace',
      deployer,
      resource('get', 'apps', 'deployments', { namespace: 'team-a', name: 'web' }),
      true,
    ],
    [
      'Role grants nothing elsewhere',
      deployer,
      resource('get', 'apps', 'deployments', { namespace: 'team-b', name: 'web' }),
      false,
    ],
    [
      'verbs are checked',
      deployer,
      resource('delete', 'apps', 'deployments', { namespace: 'team-a', name: 'web' }),
      false,
    ],
    [
      'resource/subresource',
      deployer,
      resource('patch', 'apps', 'deployments', { subresource: 'status', namespace: 'team-a' }),
      true,
    ],
    [
      'other subresources are not implied',
      deployer,
      resource('get', 'apps', 'deployments', { subresource: 'scale', namespace: 'team-a' }),
      false,
    ],
    [
      '*/subresource',
      deployer,
      resource('update', 'apps', 'statefulsets', { subresource: 'scale', namespace: 'team-a' }),
      true,
    ],
    [
      'resourceNames allow the named object',
      deployer,
      resource('get', '', 'configmaps', { namespace: 'team-a', name: 'settings' }),
      true,
    ],
    [
      'resourceNames deny others',
      deployer,
      resource('get', '', 'configmaps', { namespace: 'team-a', name: 'other' }),
      false,
    ],
    ['resourceNames deny list', deployer, resource('list', '', 'configmaps', { namespace: 'team-a' }), false],
    [
      'RoleBinding to ClusterRole grants in the namespace',
      viewer,
      resource('list', '', 'pods', { namespace: 'team-a' }),
      true,
    ],
    ['RoleBinding to ClusterRole grants nothing cluster-wide', viewer, resource('list', '', 'pods'), false],
    [
      'nonResourceURL prefix',
      viewer,
      { verb: 'get', apiGroup: '', resource: '', nonResourcePath: '/healthz/etcd' },
      true,
    ],
    ['nonResourceURL exact', viewer, { verb: 'get', apiGroup: '', resource: '', nonResourcePath: '/version' }, true],
    ['nonResourceURL other', viewer, { verb: 'get', apiGroup: '', resource: '', nonResourcePath: '/metrics' }, false],
    ['aggregated ClusterRole', prometheus, resource('get', 'metrics.k8s.io', 'pods', { namespace: 'x' }), true],
    ['system:masters is always allowed', admin, resource('delete', '', 'nodes', { name: 'n1' }), true],
    ['unknown users get nothing', bob, resource('get', '', 'pods', { namespace: 'team-a' }), false],
  ])('%s', (_, user, attributes, allowed) => {
    expect(authorize({ user, ...attributes }, rbac).allowed).toBe(allowed);
  });

  it.each([
    [
      deployer,
      resource('get', 'apps', 'deployments', { namespace: 'team-a' }),
      'RBAC: allowed by RoleBinding "deployer/team-a" of Role "deployer" to ServiceAccount "deployer/team-a"',
    ],
    [
      viewer,
      { verb: 'get', apiGroup: '', resource: '', nonResourcePath: '/version' },
      'RBAC: allowed by ClusterRoleBinding "probes" of ClusterRole "probe" to Group "system:authenticated"',
    ],
    [
      prometheus,
      resource('get', 'metrics.k8s.io', 'nodes'),
      'RBAC: allowed by ClusterRoleBinding "monitoring" of ClusterRole "monitoring" to ServiceAccount "prometheus/monitoring"',
    ],
  ])('explains why %o is allowed', (user, attributes, reason) => {
    expect(authorize({ user, ...attributes }, rbac)).toEqual({ allowed: true, reason });
  });

  it('reports unresolvable role references in the denial reason', () => {
    expect(authorize({ user: bob, ...resource('get', '', 'pods', { namespace: 'team-a' }) }, rbac)).toEqual({
      allowed: false,
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "missing" not found, role.rbac.authorization.k8s.io "gone" not found]',
    });
    expect(authorize({ user: bob, ...resource('get', '', 'pods') }, rbac).reason).toBe(
      'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
    );
  });

  it('aggregates transitively without looping', () => {
    const index = new RbacIndex(rbac);
    const binding = object('ClusterRoleBinding', 'b', { roleRef: ref('ClusterRole', 'monitoring-plus') });
    expect(index.rulesFor(binding)).toEqual({
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['*'], verbs: ['get'] }],
    });
  });

  it('accepts a prebuilt index and defaults a RoleBinding ServiceAccount to the binding namespace', () => {
    const index = new RbacIndex(rbac);
    const elsewhere = { ...deployer, username: 'system:serviceaccount:team-b:deployer' };
    expect(
      authorize({ user: elsewhere, ...resource('get', 'apps', 'deployments', { namespace: 'team-a' }) }, index).allowed,
    ).toBe(false);
    expect(
      authorize({ user: deployer, ...resource('get', 'apps', 'deployments', { namespace: 'team-a' }) }, index).allowed,
    ).toBe(true);
  });

  it('takes the index from a function, called only when RBAC is consulted', () => {
    const index = new RbacIndex(rbac);
    let calls = 0;
    const lazy = () => {
      calls++;
      return index;
    };
    expect(authorize({ user: admin, ...resource('delete', '', 'nodes', { name: 'n1' }) }, lazy).allowed).toBe(true);
    expect(calls).toBe(0);
    expect(
      authorize({ user: deployer, ...resource('get', 'apps', 'deployments', { namespace: 'team-a' }) }, lazy).allowed,
    ).toBe(true);
    expect(calls).toBe(1);
  });

  it('sees changes once the server passes new lists', () => {
    const attributes = { user: bob, ...resource('list', '', 'pods', { namespace: 'team-a' }) };
    expect(authorize(attributes, rbac).allowed).toBe(false);
    const roleBindings = [
      ...rbac.roleBindings,
      object(
        'RoleBinding',
        'bob',
        { roleRef: ref('ClusterRole', 'view'), subjects: [{ kind: 'User', name: 'bob' }] },
        'team-a',
      ),
    ];
    expect(authorize(attributes, { ...rbac, roleBindings }).allowed).toBe(true);
  });
});
