import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClusterContext } from './context.js';
import { CrdController } from './controllers/crd-controller.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { InternalClient } from './controllers/internal-client.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { WorkloadController } from './controllers/workload-controller.js';
import { createFaultInjector } from './faults/fault-injector.js';
import { defaultFaultOptions, type FaultOptions } from './faults/fault-options.js';
import { buildApp, defaultAppOptions } from './http/app.js';
import { createGuard, type GuardOptions } from './http/guard.js';
import { renderKubeconfig } from './kubeconfig.js';
import { persistStore, restoreStore } from './persistence.js';
import { ResourceRegistry } from './registry.js';
import { defaultStoreOptions, ObjectStore } from './store.js';

export interface DevClusterOptions {
  /** 0 picks a free port. */
  port: number;
  /** Address to listen on. */
  host: string;
  /** Host name written into the kubeconfig, for clients that reach the server by another name (containers). */
  advertiseHost?: string;
  /** Where to write the kubeconfig; a temp file when not given. */
  kubeconfigPath?: string;
  /** Keep objects across restarts in this directory; in memory only when not given. */
  dataDir?: string;
  /** Bearer tokens accepted, each mapped to a user; with none, requests run as cluster admin. */
  tokens: { token: string; username: string; groups?: string[] }[];
  /** Evaluate Roles/ClusterRoles and their bindings for every request. */
  rbac: boolean;
  faults: Partial<FaultOptions>;
  /** How long after a change the workload simulator reports status. */
  workloadDelayMs: number;
  /** How many past events a watch may resume from. */
  watchHistory: number;
  bookmarkIntervalMs: number;
}

export const defaultDevClusterOptions = (): DevClusterOptions => ({
  port: 0,
  host: '127.0.0.1',
  tokens: [],
  rbac: false,
  faults: {},
  workloadDelayMs: 100,
  watchHistory: defaultStoreOptions().historySize,
  bookmarkIntervalMs: 10_000,
});

export interface DevCluster {
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  readonly kubeconfig: string;
  /** Set faults at run time (the same as PUT /devcluster/faults). */
  setFaults(faults: Partial<FaultOptions>): void;
  stop(): Promise<void>;
}

const bootstrapNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Starts the dev cluster on 127.0.0.1 and writes its kubeconfig. */
export async function startDevCluster(overrides: Partial<DevClusterOptions> = {}): Promise<DevCluster> {
  const options = { ...defaultDevClusterOptions(), ...overrides };
  const store = new ObjectStore({ historySize: options.watchHistory });
  const restored = options.dataDir ? restoreStore(store, options.dataDir) : false;
  let nextIp = 1;
  const ctx: ClusterContext = {
    store,
    registry: new ResourceRegistry(),
    allocators: { nextClusterIP: () => `10.96.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}` },
    now: () => new Date(),
  };
  const client = new InternalClient(ctx, 'devcluster-controllers');
  const controllers = [
    new CrdController(ctx, client),
    new GarbageCollector(ctx, client),
    new NamespaceController(ctx, client),
    new WorkloadController(ctx, client, options.workloadDelayMs),
  ];
  if (!restored) {
    const namespaces = ctx.registry.byResource('', 'v1', 'namespaces')!;
    for (const name of bootstrapNamespaces) {
      client.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
  const stopPersisting = options.dataDir ? persistStore(store, options.dataDir) : () => {};
  const faults = createFaultInjector({ ...defaultFaultOptions(), ...options.faults });
  const guardOptions: GuardOptions = { tokens: options.tokens, rbac: options.rbac };
  let address = `${options.host}:${options.port}`;
  const app = buildApp({
    ctx,
    faults,
    guard: createGuard(ctx, guardOptions),
    options: { ...defaultAppOptions(), bookmarkIntervalMs: options.bookmarkIntervalMs, serverAddress: () => address },
  });
  await app.listen({ port: options.port, host: options.host });
  const port = (app.server.address() as { port: number }).port;
  address = `${options.advertiseHost ?? options.host}:${port}`;
  const url = `http://${address}`;

  const ownsKubeconfigDir = !options.kubeconfigPath;
  const kubeconfigPath = options.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), 'devcluster-')), 'kubeconfig');
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  const kubeconfig = renderKubeconfig({ server: url, token: options.tokens[0]?.token });
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });

  return {
    url,
    port,
    kubeconfigPath,
    kubeconfig,
    setFaults: (update) => faults.update(update),
    async stop() {
      for (const controller of controllers) controller.stop();
      await app.close();
      stopPersisting();
      if (ownsKubeconfigDir) rmSync(dirname(kubeconfigPath), { recursive: true, force: true });
    },
  };
}
