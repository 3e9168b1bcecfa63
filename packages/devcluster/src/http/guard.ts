import type { FastifyRequest } from 'fastify';
import { authenticate, authorize, forbiddenMessage, impersonate, type UserInfo } from '../auth/index.js';
import type { ClusterContext, Target } from '../context.js';
import { StatusError } from '../errors.js';
import type { Query } from './query.js';

export interface GuardOptions {
  tokens: { token: string; username: string; groups?: string[] }[];
  rbac: boolean;
}

/** Who is asking, and may they: authentication, impersonation and RBAC for each request. */
export interface RequestGuard {
  authenticate(request: FastifyRequest): void;
  authorize(request: FastifyRequest, target: Target, query: Query): void;
  requireAdmin(request: FastifyRequest): void;
}

const admin: UserInfo = { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };

function verbOf(method: string, target: Target, query: Query): string {
  const named = target.name !== undefined;
  switch (method) {
    case 'GET':
      if (query.watch === 'true' || query.watch === '1') return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

export function createGuard(ctx: ClusterContext, options: GuardOptions): RequestGuard {
  const users = new WeakMap<FastifyRequest, UserInfo>();
  const tokens = new Map(
    options.tokens.map((t) => [t.token, { username: t.username, groups: [...(t.groups ?? []), 'system:authenticated'] }]),
  );
  const rbacObjects = () => ({
    roles: ctx.store.list('rbac.authorization.k8s.io/roles'),
    clusterRoles: ctx.store.list('rbac.authorization.k8s.io/clusterroles'),
    roleBindings: ctx.store.list('rbac.authorization.k8s.io/rolebindings'),
    clusterRoleBindings: ctx.store.list('rbac.authorization.k8s.io/clusterrolebindings'),
  });
  const decide = (attributes: Parameters<typeof authorize>[0]) =>
    options.rbac ? authorize(attributes, rbacObjects()) : { allowed: true, reason: '' };
  const userOf = (request: FastifyRequest) => users.get(request) ?? admin;

  return {
    authenticate(request) {
      if (tokens.size === 0 && !request.headers['impersonate-user']) return;
      const caller = tokens.size === 0 ? admin : authenticate(request.headers.authorization, { tokens, anonymous: false });
      if ('code' in caller) throw caller;
      const user = request.headers['impersonate-user'] || request.headers['impersonate-group']
        ? impersonate(caller, request.headers, decide)
        : caller;
      if (user instanceof StatusError) throw user;
      users.set(request, user as UserInfo);
    },
    authorize(request, target, query) {
      if (!options.rbac) return;
      const attributes = {
        user: userOf(request),
        verb: verbOf(request.method, target, query),
        apiGroup: target.type.group,
        resource: target.type.plural,
        subresource: target.subresource,
        namespace: target.namespace,
        name: target.name,
      };
      const decision = decide(attributes);
      if (!decision.allowed) {
        throw new StatusError(403, 'Forbidden', forbiddenMessage(attributes), {
          name: target.name,
          group: target.type.group,
          kind: target.type.plural,
        });
      }
    },
    requireAdmin(request) {
      if (!options.rbac) return;
      const user = userOf(request);
      if (!user.groups.includes('system:masters')) {
        throw new StatusError(403, 'Forbidden', `User "${user.username}" cannot change fault injection`);
      }
    },
  };
}
