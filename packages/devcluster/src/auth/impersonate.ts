import type { AuthorizationAttributes, Authorizer } from './attributes.js';
import { ImpersonationError } from './auth-errors.js';
import { forbiddenError } from './forbidden.js';
import {
  anonymousUsername,
  SystemGroup,
  serviceAccountGroups,
  serviceAccountUsername,
  splitServiceAccountUsername,
  type UserInfo,
} from './user.js';

export type RequestHeaders = Record<string, string | string[] | undefined>;

const userHeader = 'impersonate-user';
const groupHeader = 'impersonate-group';
const uidHeader = 'impersonate-uid';
const extraPrefix = 'impersonate-extra-';
const authenticationGroup = 'authentication.k8s.io';

/** One thing to impersonate, shaped like the `v1.ObjectReference` the real filter builds. */
interface ImpersonationRequest {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  name: string;
  namespace?: string;
  extraKey?: string;
}

/**
 * Node folds repeated headers into one `a, b` string unless the server passes `headersDistinct`; the
 * repeatable impersonation headers are split back apart.
 */
function values(value: string | string[] | undefined, repeatable: boolean): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  return repeatable ? value.split(/,\s*/) : [value];
}

function decodeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function requestsFrom(headers: RequestHeaders): ImpersonationRequest[] {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const requests: ImpersonationRequest[] = [];
  const username = values(lower.get(userHeader), false)[0] ?? '';
  if (username) {
    const serviceAccount = splitServiceAccountUsername(username);
    requests.push(serviceAccount ? { kind: 'ServiceAccount', ...serviceAccount } : { kind: 'User', name: username });
  }
  for (const group of values(lower.get(groupHeader), true)) requests.push({ kind: 'Group', name: group });
  for (const [header, value] of [...lower].sort(([a], [b]) => a.localeCompare(b))) {
    if (!header.startsWith(extraPrefix)) continue;
    const extraKey = decodeExtraKey(header.slice(extraPrefix.length));
    for (const extra of values(value, true)) requests.push({ kind: 'UserExtra', name: extra, extraKey });
  }
  const uid = values(lower.get(uidHeader), false)[0] ?? '';
  if (uid) requests.push({ kind: 'UID', name: uid });
  return requests;
}

/** Go's `%v` of the `[]v1.ObjectReference`, for the 400 message. */
function describeRequests(requests: ImpersonationRequest[]): string {
  const describe = (r: ImpersonationRequest) => {
    const apiVersion = r.kind === 'UserExtra' || r.kind === 'UID' ? `${authenticationGroup}/v1` : '';
    return `{${[r.kind, r.namespace ?? '', r.name, '', apiVersion, '', r.extraKey ?? ''].join(' ')}}`;
  };
  return `[${requests.map(describe).join(' ')}]`;
}

function attributesFor(requestor: UserInfo, request: ImpersonationRequest): AuthorizationAttributes {
  const base = { user: requestor, verb: 'impersonate', name: request.name };
  switch (request.kind) {
    case 'ServiceAccount':
      return { ...base, apiGroup: '', resource: 'serviceaccounts', namespace: request.namespace };
    case 'User':
      return { ...base, apiGroup: '', resource: 'users' };
    case 'Group':
      return { ...base, apiGroup: '', resource: 'groups' };
    case 'UserExtra':
      return { ...base, apiGroup: authenticationGroup, resource: 'userextras', subresource: request.extraKey };
    case 'UID':
      return { ...base, apiGroup: authenticationGroup, resource: 'uids' };
  }
}

/** `system:authenticated` or `system:unauthenticated` added as the impersonation filter does. */
function withImplicitGroup(username: string, groups: string[]): string[] {
  if (username === anonymousUsername) {
    return groups.includes(SystemGroup.Unauthenticated) ? groups : [...groups, SystemGroup.Unauthenticated];
  }
  const explicit = groups.includes(SystemGroup.Authenticated) || groups.includes(SystemGroup.Unauthenticated);
  return explicit ? groups : [...groups, SystemGroup.Authenticated];
}

/**
 * Applies `Impersonate-User`, `-Group`, `-Uid` and `-Extra-*`: every part must be authorized for the
 * caller (verb `impersonate`). Returns the caller unchanged when there are no impersonation headers.
 */
export function impersonate(
  user: UserInfo,
  headers: RequestHeaders,
  authorize: Authorizer,
): UserInfo | ImpersonationError {
  const requests = requestsFrom(headers);
  if (requests.length === 0) return user;
  const subject = requests[0];
  if (subject.kind !== 'User' && subject.kind !== 'ServiceAccount') {
    return ImpersonationError.badRequest(`requested ${describeRequests(requests)} without impersonating a user`);
  }

  for (const request of requests) {
    const attributes = attributesFor(user, request);
    const decision = authorize(attributes);
    if (!decision.allowed) return ImpersonationError.forbidden(forbiddenError(attributes, decision.reason));
  }

  const username =
    subject.kind === 'ServiceAccount' ? serviceAccountUsername(subject.namespace ?? '', subject.name) : subject.name;
  const groups = requests.filter((r) => r.kind === 'Group').map((r) => r.name);
  const defaultGroups = subject.kind === 'ServiceAccount' && groups.length === 0;
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    if (r.kind === 'UserExtra') extra[r.extraKey ?? ''] = [...(extra[r.extraKey ?? ''] ?? []), r.name];
  }
  const uid = requests.find((r) => r.kind === 'UID')?.name;

  return {
    username,
    groups: withImplicitGroup(username, defaultGroups ? serviceAccountGroups(subject.namespace ?? '') : groups),
    ...(uid ? { uid } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}
