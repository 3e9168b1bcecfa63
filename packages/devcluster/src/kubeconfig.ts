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
    // client-node refuses plain HTTP unless TLS verification is marked skipped; kubectl ignores it for HTTP.
    clusters: [{ name, cluster: { server: options.server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${name}-admin`, user: options.token ? { token: options.token } : {} }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: options.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
