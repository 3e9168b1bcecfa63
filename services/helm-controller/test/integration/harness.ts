import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCrd, type FluxEvent, findKindDefinition } from '@driftless/api';
import { type Bus, connectBus, defaultBusOptions, ensureTopology } from '@driftless/bus';
import { type DevCluster, type DevClusterOptions, startDevCluster } from '@driftless/devcluster';
import {
  defaultControllerOptions,
  EventRecorder,
  KubeClient,
  type KubeObject,
  loadKubeConfig,
  type ResourceType,
} from '@driftless/runtime';
import { createMetrics, createTracing, type Logger } from '@driftless/telemetry';
import { memoryLogger } from '@driftless/telemetry/testing';
import {
  type ConditionedObject,
  condition,
  type NatsServer,
  notReadyWith,
  ready,
  startNatsServer,
  startSourceControllerProcess,
  stopService,
  waitForObject,
} from '@driftless/testkit';
import type { HelmController } from '../../src/app.js';
import { startChartSources } from './chart-sources.js';
import { helmBinary, helmCli, kubectlBinary } from './helm-cli.js';

export { helmBinary, kubectlBinary, repoRoot } from './helm-cli.js';

export const type = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced = true,
): ResourceType => ({ group, version, kind, plural, namespaced });
const crdType = type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false);
export const namespaceType = type('', 'v1', 'Namespace', 'namespaces', false);
export const configMapType = type('', 'v1', 'ConfigMap', 'configmaps');
export const secretType = type('', 'v1', 'Secret', 'secrets');
export const serviceType = type('', 'v1', 'Service', 'services');
export const podType = type('', 'v1', 'Pod', 'pods');
export const deploymentType = type('apps', 'v1', 'Deployment', 'deployments');
export const jobType = type('batch', 'v1', 'Job', 'jobs');
export const gitRepositoryType = type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories');
export const helmRepositoryType = type('source.toolkit.fluxcd.io', 'v1', 'HelmRepository', 'helmrepositories');
export const helmChartType = type('source.toolkit.fluxcd.io', 'v1', 'HelmChart', 'helmcharts');
export const ociRepositoryType = type('source.toolkit.fluxcd.io', 'v1', 'OCIRepository', 'ocirepositories');
export const helmReleaseType = type('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases');

const fluxKinds = ['GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository', 'HelmRelease'] as const;

export interface HelmHarnessOptions {
  /** Dev cluster options over `{port: 0, workloadDelayMs: 0}`. */
  cluster: Partial<DevClusterOptions>;
  /** Start the helm-controller in-process; `false` runs the cluster, the source-controller and the chart sources only. */
  controller: boolean;
}

export const defaultHelmHarnessOptions = (): HelmHarnessOptions => ({ cluster: {}, controller: true });

export interface HelmHarness {
  cluster: DevCluster;
  client: KubeClient;
  nats: NatsServer;
  /** A bus of the test's own, to request reconciles and watch what the controllers publish. */
  bus: Bus;
  prefix: string;
  /** The in-process helm-controller; throws when the harness runs without it. */
  readonly app: HelmController;
  events: FluxEvent[];
  logs: string[];
  sourceLogs: () => string;
  /** The http chart repository with webapp 1.0.0 and 1.1.0 (for a HelmRepository's `url`). */
  chartRepoUrl: string;
  /** `oci://127.0.0.1:<port>/charts` with webapp 1.0.0 and 1.1.0 (a `type: oci` HelmRepository, plain http). */
  ociRepoUrl: string;
  /** A git repository whose `main` holds webapp 1.0.0 at `charts/webapp`. */
  gitRepoUrl: string;
  /** A fresh namespace for one test. */
  namespace(): Promise<string>;
  /** Runs the real helm against the dev cluster with a HOME of its own; answers its stdout, throws on failure. */
  helm(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

let harnessCount = 0;

/**
 * The dev cluster with the Flux CRDs, a nats-server, the source-controller as its own process
 * (dist/main.js), webapp served from a chart repository, a git repository and an OCI registry, and the
 * helm-controller in-process: the path a chart takes to a Helm release in the cluster.
 */
export async function startHelmHarness(options: Partial<HelmHarnessOptions> = {}): Promise<HelmHarness> {
  const opts = { ...defaultHelmHarnessOptions(), ...options };
  harnessCount += 1;
  const prefix = `hc${process.pid}x${harnessCount}`;
  const dir = await mkdtemp(join(tmpdir(), 'helm-controller-it-'));
  const teardown: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of teardown.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const cluster = await startDevCluster({ port: 0, workloadDelayMs: 0, ...opts.cluster });
    teardown.push(() => cluster.stop());
    const nats = await startNatsServer();
    teardown.push(() => nats.stop());
    const sources = await startChartSources(helmCli({ home: join(dir, 'helm-build') }), dir);
    teardown.push(() => sources.stop());

    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
    for (const kind of fluxKinds) {
      await client.create(crdType, buildCrd(findKindDefinition(kind)!) as unknown as KubeObject);
    }
    const { logger, lines } = memoryLogger();
    const busOptions = { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'helm-controller-test' };
    const controllerBus = await connectBus(busOptions, { logger });
    teardown.push(() => controllerBus.close());
    const bus = await connectBus(busOptions, { logger });
    teardown.push(() => bus.close());
    await ensureTopology(controllerBus);

    const source = startSourceControllerProcess({
      kubeconfig: cluster.kubeconfigPath,
      natsUrl: nats.url,
      prefix,
      dir,
      helmBinary,
    });
    teardown.push(() => stopService(source.child));

    const published: FluxEvent[] = [];
    const events = new EventRecorder(
      { controller: 'helm-controller', instance: 'test' },
      { client, logger, publish: async (event) => void published.push(event) },
    );
    const app = opts.controller
      ? await startController({ dir, kubeconfigPath: cluster.kubeconfigPath, client, logger, events, controllerBus })
      : undefined;
    if (app) teardown.push(() => app.stop());

    let namespaces = 0;
    const helm = helmCli({ home: join(dir, 'helm-home'), kubeconfigPath: cluster.kubeconfigPath });
    return {
      cluster,
      client,
      nats,
      bus,
      prefix,
      get app() {
        if (!app) throw new Error('the harness was started with controller: false');
        return app;
      },
      events: published,
      logs: lines,
      sourceLogs: source.output,
      chartRepoUrl: sources.chartRepoUrl,
      ociRepoUrl: sources.ociRepoUrl,
      gitRepoUrl: sources.gitRepoUrl,
      async namespace() {
        namespaces += 1;
        const name = `test-${namespaces}`;
        await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
        return name;
      },
      helm: (args) => helm(args),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface ControllerParts {
  dir: string;
  kubeconfigPath: string;
  client: KubeClient;
  logger: Logger;
  events: EventRecorder;
  controllerBus: Bus;
}

/** Loaded only when asked for, so the sources-only harness runs without the controller's modules. */
async function startController(parts: ControllerParts): Promise<HelmController> {
  const { createHelmController } = await import('../../src/app.js');
  const app = createHelmController(
    {
      controller: {
        ...defaultControllerOptions('helm-controller'),
        retry: { baseDelayMs: 100, maxDelayMs: 2_000, qps: 1000, burst: 1000 },
      },
      http: { host: '127.0.0.1', port: 0 },
      fieldManager: 'helm-controller',
      helmBinary,
      kubectlBinary,
      kubeconfigPath: parts.kubeconfigPath,
      scratchRoot: join(parts.dir, 'scratch'),
      storageDriver: 'secret',
      limits: { artifactMaxSize: 64 * 2 ** 20, renderMaxOutput: 16 * 2 ** 20 },
      dependencyRequeueMs: 1_000,
      shutdownTimeoutMs: 5_000,
    },
    {
      client: parts.client,
      logger: parts.logger,
      metrics: createMetrics({ defaultMetrics: false }),
      tracer: createTracing({ serviceName: 'helm-controller-test' }).tracer,
      events: parts.events,
      bus: parts.controllerBus,
    },
  );
  await app.start();
  return app;
}

/** Waits until `check` accepts the object (retrying while it throws) and returns it. */
export function waitFor<T extends ConditionedObject = ConditionedObject>(
  client: KubeClient,
  resource: ResourceType,
  namespace: string | undefined,
  name: string,
  check: (object: T) => void,
  timeoutMs = 30_000,
): Promise<T> {
  return waitForObject(
    `${resource.kind} ${namespace}/${name}`,
    async () => (await client.get(resource, namespace, name)) as unknown as T,
    check,
    { timeoutMs },
  );
}

export { condition, notReadyWith, ready };

const fluxObject =
  (apiVersion: string, kind: string) =>
  (namespace: string, name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion,
    kind,
    metadata: { name, namespace },
    spec: { interval: '1h', ...spec },
  });

/** A HelmRelease (helm.toolkit.fluxcd.io/v2) with a one-hour interval unless `spec` says otherwise. */
export const helmRelease = fluxObject('helm.toolkit.fluxcd.io/v2', 'HelmRelease');
/** A HelmRepository; `spec` carries `url` (and `type: oci`, `insecure: true` for {@link HelmHarness.ociRepoUrl}). */
export const helmRepository = fluxObject('source.toolkit.fluxcd.io/v1', 'HelmRepository');
export const helmChart = fluxObject('source.toolkit.fluxcd.io/v1', 'HelmChart');
export const gitRepository = fluxObject('source.toolkit.fluxcd.io/v1', 'GitRepository');
export const ociRepository = fluxObject('source.toolkit.fluxcd.io/v1', 'OCIRepository');

/** Reads an object as the shape a test expects. */
export async function read<T>(client: KubeClient, resource: ResourceType, namespace: string, name: string): Promise<T> {
  return (await client.get(resource, namespace, name)) as unknown as T;
}
