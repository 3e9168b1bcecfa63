import type { KubeObject } from '../types.js';
import type { RbacObjects } from './attributes.js';
import { type LabelSelector, matchesLabelSelector } from './label-selector.js';
import type { PolicyRule } from './rbac-rules.js';
import { splitServiceAccountUsername, type UserInfo } from './user.js';

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  kind: string;
  name: string;
}

/** A binding that applies to a user, with the first of its subjects that does. */
export interface AppliedBinding {
  binding: KubeObject;
  subject: Subject;
}

export type ResolvedRules = { rules: PolicyRule[] } | { error: string };

interface Entry {
  binding: KubeObject;
  order: number;
}

const subjectsOf = (binding: KubeObject): Subject[] => (Array.isArray(binding.subjects) ? binding.subjects : []);
export const roleRefOf = (binding: KubeObject): RoleRef => (binding.roleRef ?? { kind: '', name: '' }) as RoleRef;
const rulesOf = (role: KubeObject | undefined): PolicyRule[] => (Array.isArray(role?.rules) ? role.rules : []);

const userKey = (name: string) => `User\u0000${name}`;
const groupKey = (name: string) => `Group\u0000${name}`;
const serviceAccountKey = (namespace: string, name: string) => `ServiceAccount\u0000${namespace}\u0000${name}`;

/** The index key a binding subject is filed under; `bindingNamespace` defaults a ServiceAccount's namespace. */
function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return userKey(subject.name);
    case 'Group':
      return groupKey(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace ? serviceAccountKey(namespace, subject.name) : undefined;
    }
    default:
      return undefined;
  }
}

function userKeys(user: UserInfo): string[] {
  const keys = [userKey(user.username), ...user.groups.map(groupKey)];
  const serviceAccount = splitServiceAccountUsername(user.username);
  if (serviceAccount) keys.push(serviceAccountKey(serviceAccount.namespace, serviceAccount.name));
  return keys;
}

function file(index: Map<string, Entry[]>, key: string, entry: Entry): void {
  const entries = index.get(key);
  if (!entries) index.set(key, [entry]);
  else if (entries[entries.length - 1] !== entry) entries.push(entry);
}

/**
 * RBAC objects indexed for the per-request check: bindings by subject (and namespace), roles by name,
 * and ClusterRole rules with aggregation resolved once and memoised.
 */
export class RbacIndex {
  private readonly roles = new Map<string, KubeObject>();
  private readonly clusterRoles = new Map<string, KubeObject>();
  private readonly clusterBindings = new Map<string, Entry[]>();
  private readonly namespacedBindings = new Map<string, Map<string, Entry[]>>();
  private readonly clusterRoleRules = new Map<string, PolicyRule[]>();

  constructor(rbac: RbacObjects) {
    for (const role of rbac.roles) this.roles.set(`${role.metadata.namespace}/${role.metadata.name}`, role);
    for (const role of rbac.clusterRoles) this.clusterRoles.set(role.metadata.name ?? '', role);
    rbac.clusterRoleBindings.forEach((binding, order) => {
      for (const subject of subjectsOf(binding)) {
        const key = subjectKey(subject, '');
        if (key) file(this.clusterBindings, key, { binding, order });
      }
    });
    rbac.roleBindings.forEach((binding, order) => {
      const namespace = binding.metadata.namespace ?? '';
      const byKey = this.namespacedBindings.get(namespace) ?? new Map<string, Entry[]>();
      this.namespacedBindings.set(namespace, byKey);
      for (const subject of subjectsOf(binding)) {
        const key = subjectKey(subject, namespace);
        if (key) file(byKey, key, { binding, order });
      }
    });
  }

  /** ClusterRoleBindings (namespace undefined) or the namespace's RoleBindings that apply to the user, in list order. */
  bindingsFor(user: UserInfo, namespace?: string): AppliedBinding[] {
    const index = namespace === undefined ? this.clusterBindings : this.namespacedBindings.get(namespace);
    if (!index) return [];
    const entries = new Set<Entry>();
    for (const key of userKeys(user)) for (const entry of index.get(key) ?? []) entries.add(entry);
    const keys = new Set(userKeys(user));
    return [...entries]
      .sort((a, b) => a.order - b.order)
      .map(({ binding }) => ({
        binding,
        subject: subjectsOf(binding).find((s) => {
          const key = subjectKey(s, namespace ?? '');
          return key !== undefined && keys.has(key);
        }) as Subject,
      }));
  }

  /** `GetRoleReferenceRules`, with the errors the real resolver reports. */
  rulesFor(binding: KubeObject): ResolvedRules {
    const ref = roleRefOf(binding);
    if (ref.kind === 'Role') {
      const role = this.roles.get(`${binding.metadata.namespace}/${ref.name}`);
      return role
        ? { rules: rulesOf(role) }
        : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    if (ref.kind === 'ClusterRole') {
      if (!this.clusterRoles.has(ref.name)) {
        return { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
      }
      return { rules: this.resolveClusterRole(ref.name, new Set()) };
    }
    return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }

  /** What the aggregation controller would have written into an aggregated ClusterRole's rules. */
  private resolveClusterRole(name: string, visiting: Set<string>): PolicyRule[] {
    const cached = this.clusterRoleRules.get(name);
    if (cached) return cached;
    const role = this.clusterRoles.get(name);
    const selectors = (role?.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined)
      ?.clusterRoleSelectors;
    if (!selectors) return rulesOf(role);

    visiting.add(name);
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    const sources = [...this.clusterRoles.values()].sort((a, b) =>
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
    for (const source of sources) {
      const sourceName = source.metadata.name ?? '';
      if (sourceName === name || visiting.has(sourceName)) continue;
      if (!selectors.some((s) => matchesLabelSelector(s, source.metadata.labels))) continue;
      for (const rule of this.resolveClusterRole(sourceName, visiting)) {
        const key = JSON.stringify(rule);
        if (!seen.has(key)) rules.push(rule);
        seen.add(key);
      }
    }
    visiting.delete(name);
    this.clusterRoleRules.set(name, rules);
    return rules;
  }
}
