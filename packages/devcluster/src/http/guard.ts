import type { FastifyRequest } from 'fastify';
import type { AuthorizationAttributes } from '../auth/attributes.js';
import { authenticate } from '../auth/authenticate.js';
import { authorize } from '../auth/authorize.js';
import { forbiddenError } from '../auth/forbidden.js';
import { impersonate } from '../auth/impersonate.js';
import { RbacIndex } from '../auth/rbac-index.js';
import { clusterAdmin, type UserInfo } from '../auth/user.js';
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

const rbacCollections = [
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterrolebindings',
] as const;

/** The RBAC index of the store's current RBAC objects, rebuilt only when one of their collections changed. */
function rbacIndexOf(ctx: ClusterContext): () => RbacIndex {
  let versions: number[] = [];
  let index: RbacIndex | undefined;
  return () => {
    const current = rbacCollections.map((collection) => ctx.store.version(collection));
    if (index && current.every((version, i) => version === versions[i])) return index;
    const [roles, clusterRoles, roleBindings, clusterRoleBindings] = rbacCollections.map((collection) =>
      ctx.store.list(collection),
    );
    index = new RbacIndex({ roles, clusterRoles, roleBindings, clusterRoleBindings });
    versions = current;
    return index;
  };
}

export function createGuard(ctx: ClusterContext, options: GuardOptions): RequestGuard {
  const users = new WeakMap<FastifyRequest, UserInfo>();
  const tokens = new Map<string, UserInfo>(
    options.tokens.map((t) => [
      t.token,
      { username: t.username, groups: [...(t.groups ?? []), 'system:authenticated'] },
    ]),
  );
  const rbacIndex = rbacIndexOf(ctx);
  const decide = (attributes: AuthorizationAttributes) =>
    options.rbac ? authorize(attributes, rbacIndex) : { allowed: true, reason: '' };
  const userOf = (request: FastifyRequest) => users.get(request) ?? clusterAdmin();

  return {
    authenticate(request) {
      const caller = authenticate(request.headers.authorization, { tokens, anonymous: false });
      if (caller instanceof StatusError) throw caller;
      const user = impersonate(caller, request.raw.headersDistinct, decide);
      if (user instanceof StatusError) throw user;
      users.set(request, user);
    },
    authorize(request, target, query) {
      if (!options.rbac) return;
      const attributes: AuthorizationAttributes = {
        user: userOf(request),
        verb: verbOf(request.method, target, query),
        apiGroup: target.type.group,
        resource: target.type.plural,
        subresource: target.subresource,
        namespace: target.namespace,
        name: target.name,
      };
      const decision = decide(attributes);
      if (!decision.allowed) throw forbiddenError(attributes, decision.reason);
    },
    requireAdmin(request) {
      const user = userOf(request);
      if (!user.groups.includes('system:masters')) {
        throw new StatusError(403, 'Forbidden', `forbidden: User "${user.username}" cannot change fault injection`);
      }
    },
  };
}
