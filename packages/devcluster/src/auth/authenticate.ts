import { AuthError } from './auth-errors.js';
import { anonymousUsername, clusterAdmin, SystemGroup, type UserInfo } from './user.js';

export interface AuthenticateOptions {
  /** Bearer token → user. Empty means the dev cluster runs open, every request as `system:admin`. */
  tokens: Map<string, UserInfo>;
  /** Whether a request without a bearer token runs as `system:anonymous`. */
  anonymous: boolean;
}

export function defaultAuthenticateOptions(): AuthenticateOptions {
  return { tokens: new Map(), anonymous: false };
}

/** `bearertoken.AuthenticateRequest`: the token, or undefined when the header carries none. */
function bearerToken(header: string | undefined): string | undefined {
  const parts = (header ?? '').trim().split(' ');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer') return undefined;
  return parts[1] || undefined;
}

const withGroup = (user: UserInfo, group: string): UserInfo =>
  user.groups.includes(group) ? user : { ...user, groups: [...user.groups, group] };

/**
 * Who sent the request. As kube-apiserver does: an unknown bearer token is a 401 even when anonymous
 * access is on; a request without one (or with another scheme) is anonymous if allowed, else a 401.
 */
export function authenticate(
  authorizationHeader: string | undefined,
  options: AuthenticateOptions,
): UserInfo | AuthError {
  if (options.tokens.size === 0) return clusterAdmin();
  const token = bearerToken(authorizationHeader);
  if (token !== undefined) {
    const user = options.tokens.get(token);
    return user ? withGroup(user, SystemGroup.Authenticated) : new AuthError('invalid bearer token');
  }
  if (options.anonymous) return { username: anonymousUsername, groups: [SystemGroup.Unauthenticated] };
  return new AuthError('no bearer token and anonymous access is off');
}
