import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, requestReconcile } from '@driftless/bus';
import type { KubeClient, KubeObject } from '@driftless/runtime';
import type { GitServer } from '@driftless/testkit';
import { fluxResourceType } from '../../context/resource-types.js';

const receivePack = /^\/(.+)\.git\/git-receive-pack$/;

/**
 * The local Git server's push webhook: after every successful push, the GitRepositories fetching that
 * repository are asked over NATS to reconcile now, as a Receiver would be by GitHub, instead of at
 * their next interval.
 */
export async function reconcileOnPush(git: GitServer, client: KubeClient, bus: Bus, signal: AbortSignal) {
  let handled = git.requests().length;
  while (!signal.aborted) {
    await sleep(200, undefined, { signal }).catch(() => undefined);
    const requests = git.requests();
    const pushed = new Set(
      requests
        .slice(handled)
        .filter((request) => request.method === 'POST' && request.status === 200)
        .map((request) => receivePack.exec(request.path)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    handled = requests.length;
    for (const name of pushed) await reconcileRepositories(git.repoUrl(name), client, bus).catch(() => undefined);
  }
}

async function reconcileRepositories(url: string, client: KubeClient, bus: Bus): Promise<void> {
  const list = await client.list<KubeObject & { spec?: { url?: string } }>(fluxResourceType('GitRepository'));
  for (const repository of list.items.filter((item) => item.spec?.url === url)) {
    await requestReconcile(bus, 'GitRepository', repository.metadata.namespace ?? 'default', repository.metadata.name);
  }
}
