import type { KubeClient } from './kube-client.js';

/**
 * The client an object's work uses (Flux's impersonation): the controller's own, or one that
 * impersonates `system:serviceaccount:<namespace>:<account>` when the object (or the controller's
 * default) names a service account. Impersonating clients are made once per account.
 */
export function impersonatingClients(
  client: KubeClient,
  defaultServiceAccount?: string,
): (namespace: string, serviceAccountName?: string) => KubeClient {
  const clients = new Map<string, KubeClient>();
  return (namespace, serviceAccountName) => {
    const account = serviceAccountName ?? defaultServiceAccount;
    if (!account) return client;
    const user = `system:serviceaccount:${namespace}:${account}`;
    let found = clients.get(user);
    if (!found) {
      found = client.withOptions({
        impersonate: { user, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`] },
      });
      clients.set(user, found);
    }
    return found;
  };
}

/** One `T` per client (a resource manager, a reader), made on first use. */
export function perClient<T>(make: (client: KubeClient) => T): (client: KubeClient) => T {
  const made = new WeakMap<KubeClient, T>();
  return (client) => {
    let found = made.get(client);
    if (found === undefined) {
      found = make(client);
      made.set(client, found);
    }
    return found;
  };
}
