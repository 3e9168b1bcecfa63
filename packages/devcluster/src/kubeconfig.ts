import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  token?: string;
  namespace?: string;
  contextName?: string;
}

/** A kubeconfig with one cluster, user and context, as kubectl, helm and client libraries read it. */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.contextName ?? 'driftless-dev';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: options.server } }],
    users: [{ name: `${name}-admin`, user: options.token ? { token: options.token } : {} }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: options.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
