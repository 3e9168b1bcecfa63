import { describe, expect, it } from 'vitest';
import type { AuthorizationAttributes, Authorizer } from './attributes.js';
import { ImpersonationError } from './auth-errors.js';
import { impersonate } from './impersonate.js';
import type { UserInfo } from './user.js';

const alice: UserInfo = { username: 'alice', groups: ['devs', 'system:authenticated'] };

/** Allows everything and records what it was asked. */
function recorder(deny?: (a: AuthorizationAttributes) => boolean): {
  asked: AuthorizationAttributes[];
  authorize: Authorizer;
} {
  const asked: AuthorizationAttributes[] = [];
  return {
    asked,
    authorize: (a) => {
      asked.push(a);
      return deny?.(a) ? { allowed: false, reason: '' } : { allowed: true, reason: 'ok' };
    },
  };
}

describe('impersonate', () => {
  it('returns the caller when there is nothing to impersonate', () => {
    expect(impersonate(alice, { accept: 'application/json' }, recorder().authorize)).toBe(alice);
  });

  it.each([
    { headers: { 'impersonate-user': 'bob' }, user: { username: 'bob', groups: ['system:authenticated'] } },
    {
      headers: { 'Impersonate-User': 'system:serviceaccount:team-a:deployer' },
      user: {
        username: 'system:serviceaccount:team-a:deployer',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
      },
    },
    {
      headers: { 'impersonate-user': 'system:serviceaccount:team-a:deployer', 'impersonate-group': ['ops'] },
      user: { username: 'system:serviceaccount:team-a:deployer', groups: ['ops', 'system:authenticated'] },
    },
    {
      headers: { 'impersonate-user': 'bob', 'impersonate-group': 'ops, admins' },
      user: { username: 'bob', groups: ['ops', 'admins', 'system:authenticated'] },
    },
    {
      headers: { 'impersonate-user': 'bob', 'impersonate-group': ['system:unauthenticated'] },
      user: { username: 'bob', groups: ['system:unauthenticated'] },
    },
    {
      headers: { 'impersonate-user': 'system:anonymous' },
      user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    },
    {
      headers: {
        'impersonate-user': 'bob',
        'impersonate-uid': 'u-1',
        'impersonate-extra-Scopes%2Fv1': ['read', 'write'],
      },
      user: {
        username: 'bob',
        groups: ['system:authenticated'],
        uid: 'u-1',
        extra: { 'scopes/v1': ['read', 'write'] },
      },
    },
  ])('impersonates $headers', ({ headers, user }) => {
    expect(impersonate(alice, headers, recorder().authorize)).toEqual(user);
  });

  it('checks each part with verb impersonate', () => {
    const { asked, authorize } = recorder();
    impersonate(
      alice,
      {
        'impersonate-user': 'system:serviceaccount:team-a:deployer',
        'impersonate-group': ['ops'],
        'impersonate-extra-scopes': 'read',
        'impersonate-uid': 'u-1',
      },
      authorize,
    );
    expect(asked.map(({ user, ...rest }) => ({ username: user.username, ...rest }))).toEqual([
      {
        username: 'alice',
        verb: 'impersonate',
        name: 'deployer',
        apiGroup: '',
        resource: 'serviceaccounts',
        namespace: 'team-a',
      },
      { username: 'alice', verb: 'impersonate', name: 'ops', apiGroup: '', resource: 'groups' },
      {
        username: 'alice',
        verb: 'impersonate',
        name: 'read',
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: 'scopes',
      },
      { username: 'alice', verb: 'impersonate', name: 'u-1', apiGroup: 'authentication.k8s.io', resource: 'uids' },
    ]);
  });

  it('refuses with the API server 403 when a part is not allowed', () => {
    const result = impersonate(
      alice,
      { 'impersonate-user': 'bob', 'impersonate-group': ['system:masters'] },
      recorder((a) => a.resource === 'groups').authorize,
    );
    expect(result).toBeInstanceOf(ImpersonationError);
    expect((result as ImpersonationError).toStatus()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope',
      details: { name: 'system:masters', kind: 'groups' },
    });
  });

  it('rejects groups without a user as a bad request', () => {
    const result = impersonate(alice, { 'impersonate-group': 'ops' }, recorder().authorize);
    expect(result).toBeInstanceOf(ImpersonationError);
    expect((result as ImpersonationError).code).toBe(400);
    expect((result as ImpersonationError).message).toBe('requested [{Group  ops    }] without impersonating a user');
  });
});
