import type { AuthorizationAttributes, AuthorizationDecision, RbacObjects } from './attributes.js';
import { type AppliedBinding, RbacIndex, roleRefOf } from './rbac-index.js';
import { ruleAllows } from './rbac-rules.js';
import { SystemGroup } from './user.js';

interface CachedIndex {
  rbac: RbacObjects;
  index: RbacIndex;
}

const cache = new WeakMap<object, CachedIndex>();

/** Reuses the index while the four lists are the same arrays, so the wiring can pass fresh wrappers. */
function indexFor(rbac: RbacObjects): RbacIndex {
  const cached = cache.get(rbac.clusterRoleBindings);
  if (
    cached &&
    cached.rbac.roles === rbac.roles &&
    cached.rbac.clusterRoles === rbac.clusterRoles &&
    cached.rbac.roleBindings === rbac.roleBindings
  ) {
    return cached.index;
  }
  const index = new RbacIndex(rbac);
  cache.set(rbac.clusterRoleBindings, { rbac: { ...rbac }, index });
  return index;
}

function describe({ binding, subject }: AppliedBinding, namespaced: boolean): string {
  const ref = roleRefOf(binding);
  const namespace = binding.metadata.namespace ?? '';
  const who =
    subject.kind === 'ServiceAccount'
      ? `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace || (namespaced ? namespace : '')}`)}`
      : `${subject.kind} ${JSON.stringify(subject.name)}`;
  const name = namespaced ? `${binding.metadata.name}/${namespace}` : (binding.metadata.name ?? '');
  const kind = namespaced ? 'RoleBinding' : 'ClusterRoleBinding';
  return `${kind} ${JSON.stringify(name)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${who}`;
}

/** `utilerrors.NewAggregate(errs).Error()`: one message bare, several de-duplicated in brackets. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/**
 * Kubernetes RBAC: ClusterRoleBindings, then the request namespace's RoleBindings. `system:masters` is
 * always allowed, as kube-apiserver's privileged-group authorizer does ahead of RBAC. `rbac` may be a
 * function returning the index, called only when RBAC is consulted.
 */
export function authorize(
  attributes: AuthorizationAttributes,
  rbac: RbacObjects | RbacIndex | (() => RbacIndex),
): AuthorizationDecision {
  if (attributes.user.groups.includes(SystemGroup.Masters)) return { allowed: true, reason: '' };
  const index = rbac instanceof RbacIndex ? rbac : typeof rbac === 'function' ? rbac() : indexFor(rbac);
  const errors: string[] = [];
  const scopes = attributes.namespace ? [undefined, attributes.namespace] : [undefined];
  for (const namespace of scopes) {
    for (const applied of index.bindingsFor(attributes.user, namespace)) {
      const resolved = index.rulesFor(applied.binding);
      if ('error' in resolved) {
        errors.push(resolved.error);
        continue;
      }
      if (resolved.rules.some((rule) => ruleAllows(attributes, rule))) {
        return { allowed: true, reason: `RBAC: allowed by ${describe(applied, namespace !== undefined)}` };
      }
    }
  }
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}
