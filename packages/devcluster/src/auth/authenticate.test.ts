import { describe, expect, it } from 'vitest';
import { AuthError } from './auth-errors.js';
import { authenticate, defaultAuthenticateOptions } from './authenticate.js';
import type { UserInfo } from './user.js';

const tokens = new Map<string, UserInfo>([['s3cret', { username: 'alice', groups: ['devs'] }]]);

describe('authenticate', () => {
  it('runs an open cluster as system:admin when no tokens are configured', () => {
    expect(authenticate(undefined, defaultAuthenticateOptions())).toEqual({
      username: 'system:admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  });

  it.each([
    {
      header: 'Bearer s3cret',
      anonymous: false,
      user: { username: 'alice', groups: ['devs', 'system:authenticated'] },
    },
    { header: 'bearer   s3cret', anonymous: false, user: undefined },
    {
      header: 'BEARER s3cret',
      anonymous: false,
      user: { username: 'alice', groups: ['devs', 'system:authenticated'] },
    },
    { header: undefined, anonymous: true, user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } },
    {
      header: 'Basic YTpi',
      anonymous: true,
      user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    },
    { header: 'Bearer ', anonymous: true, user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } },
    { header: 'Bearer wrong', anonymous: true, user: undefined },
    { header: undefined, anonymous: false, user: undefined },
  ])('$header (anonymous: $anonymous)', ({ header, anonymous, user }) => {
    const result = authenticate(header, { tokens, anonymous });
    if (user) expect(result).toEqual(user);
    else expect(result).toBeInstanceOf(AuthError);
  });

  it('answers 401 with the API server Status', () => {
    const result = authenticate('Bearer nope', { tokens, anonymous: false });
    expect(result).toBeInstanceOf(AuthError);
    expect((result as AuthError).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('does not mutate the configured user', () => {
    authenticate('Bearer s3cret', { tokens, anonymous: false });
    expect(tokens.get('s3cret')?.groups).toEqual(['devs']);
  });
});
