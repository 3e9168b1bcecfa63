import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCrd, type FluxEvent, findKindDefinition } from '@driftless/api';
import { type Bus, connectBus, defaultBusOptions, ensureTopology } from '@driftless/bus';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import {
  defaultControllerOptions,
  EventRecorder,
  KubeClient,
  type KubeObject,
  loadKubeConfig,
  type ResourceType,
} from '@driftless/runtime';
import { createMetrics, createTracing } from '@driftless/telemetry';
import { memoryLogger } from '@driftless/telemetry/testing';
import {
  type ConditionedObject,
  condition,
  type NatsServer,
  notReadyWith,
  ready,
  startNatsServer,
  waitForObject,
} from '@driftless/testkit';
import { createSourceController, type SourceController, type SourceControllerOptions } from '../../src/app.js';

export const repoRoot = resolve(import.meta.dirname, '../../../..');
export const helmBinary = join(repoRoot, '.tools/bin/helm');

const crdType: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
};
export const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};
export const secretType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
};

/** Creates the CRDs of Driftless' (Flux's) `kinds`, generated from packages/api. */
export async function installCrds(client: KubeClient, kinds: readonly string[]): Promise<void> {
  for (const kind of kinds) {
    const definition = findKindDefinition(kind);
    if (!definition) throw new Error(`no definition for ${kind}`);
    await client.create(crdType, buildCrd(definition) as unknown as KubeObject);
  }
}

export interface SourceHarness {
  cluster: DevCluster;
  client: KubeClient;
  nats: NatsServer;
  /** A bus of the test's own, to watch what the controller publishes. */
  bus: Bus;
  prefix: string;
  app: SourceController;
  artifactUrl: string;
  storageRoot: string;
  events: FluxEvent[];
  logs: string[];
  /** A fresh namespace for one test. */
  namespace(): Promise<string>;
  stop(): Promise<void>;
}

let harnessCount = 0;

/** The dev cluster with the source CRDs, a nats-server, and the source-controller running in-process. */
export async function startSourceHarness(overrides: Partial<SourceControllerOptions> = {}): Promise<SourceHarness> {
  harnessCount += 1;
  const prefix = `src${process.pid}x${harnessCount}`;
  const dir = await mkdtemp(join(tmpdir(), 'source-controller-it-'));
  const [cluster, nats] = await Promise.all([startDevCluster({ port: 0, workloadDelayMs: 0 }), startNatsServer()]);
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  await installCrds(client, ['GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository']);
  const { logger, lines } = memoryLogger();
  const busOptions = { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'source-controller-test' };
  const [controllerBus, bus] = await Promise.all([
    connectBus(busOptions, { logger }),
    connectBus(busOptions, { logger }),
  ]);
  await ensureTopology(controllerBus);
  const published: FluxEvent[] = [];
  const events = new EventRecorder(
    { controller: 'source-controller', instance: 'test' },
    { client, logger, publish: async (event) => void published.push(event) },
  );
  const storageRoot = join(dir, 'storage');
  const app = createSourceController(
    {
      controller: {
        ...defaultControllerOptions('source-controller'),
        retry: { baseDelayMs: 100, maxDelayMs: 2_000, qps: 1000, burst: 1000 },
      },
      http: { host: '127.0.0.1', port: 0 },
      storage: { root: storageRoot, host: '127.0.0.1', port: 0, retention: { keep: 2, ttlMs: 60_000 } },
      cacheRoot: join(dir, 'cache'),
      limits: { artifactMaxSize: 64 * 2 ** 20, helmIndexMaxSize: 8 * 2 ** 20, helmChartMaxSize: 4 * 2 ** 20 },
      helmBinary,
      gitBinary: 'git',
      shutdownTimeoutMs: 5_000,
      ...overrides,
    },
    {
      client,
      logger,
      metrics: createMetrics({ defaultMetrics: false }),
      tracer: createTracing({ serviceName: 'source-controller-test' }).tracer,
      events,
      bus: controllerBus,
    },
  );
  const { artifactUrl } = await app.start();
  let namespaces = 0;
  return {
    cluster,
    client,
    nats,
    bus,
    prefix,
    app,
    artifactUrl,
    storageRoot,
    events: published,
    logs: lines,
    async namespace() {
      namespaces += 1;
      const name = `test-${namespaces}`;
      await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return name;
    },
    async stop() {
      await app.stop();
      await Promise.all([controllerBus.close(), bus.close()]);
      await Promise.all([cluster.stop(), nats.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A source object as the tests read it back: its artifact, conditions and kind-specific status fields. */
export type SourceTestObject<Status = Record<never, never>> = {
  [field: string]: unknown;
  metadata: { name: string; namespace?: string; generation?: number };
  spec: Record<string, unknown>;
  status?: Status & {
    [field: string]: unknown;
    artifact?: { path: string; url: string; revision: string; digest?: string; metadata?: Record<string, string> };
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
};

/** Waits until `check` accepts the object (retrying while it throws) and returns it. */
export function waitFor<T extends ConditionedObject>(
  client: KubeClient,
  type: ResourceType,
  namespace: string,
  name: string,
  check: (object: T) => void,
  timeoutMs = 20_000,
): Promise<T> {
  return waitForObject(
    `${type.kind} ${namespace}/${name}`,
    async () => (await client.get(type, namespace, name)) as unknown as T,
    check,
    { timeoutMs, intervalMs: 50 },
  );
}

export { condition, ready };
/** The object is Ready=False with `reason`. */
export const failedWith = notReadyWith;
