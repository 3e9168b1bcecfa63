/** Who a request runs as, as `user.Info` carries it. */
export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export const SystemGroup = {
  Masters: 'system:masters',
  Authenticated: 'system:authenticated',
  Unauthenticated: 'system:unauthenticated',
  ServiceAccounts: 'system:serviceaccounts',
} as const;

export const anonymousUsername = 'system:anonymous';

/** The user an open dev cluster (no tokens configured) runs every request as. */
export const clusterAdmin = (): UserInfo => ({
  username: 'system:admin',
  groups: [SystemGroup.Masters, SystemGroup.Authenticated],
});

const serviceAccountPrefix = 'system:serviceaccount:';
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const serviceAccountUsername = (namespace: string, name: string): string =>
  `${serviceAccountPrefix}${namespace}:${name}`;

/** `serviceaccount.SplitUsername`: the namespace and name of `system:serviceaccount:<ns>:<name>`, if valid. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountPrefix)) return undefined;
  const parts = username.slice(serviceAccountPrefix.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts;
  if (namespace.length > 63 || !dnsLabel.test(namespace)) return undefined;
  if (name.length > 253 || !dnsSubdomain.test(name)) return undefined;
  return { namespace, name };
}

export const serviceAccountGroups = (namespace: string): string[] => [
  SystemGroup.ServiceAccounts,
  `${SystemGroup.ServiceAccounts}:${namespace}`,
];
