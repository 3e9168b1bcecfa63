import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCrd, type FluxEvent, findKindDefinition } from '@driftless/api';
import { type Bus, connectBus, defaultBusOptions, ensureTopology, requestReconcile } from '@driftless/bus';
import { type DevCluster, type DevClusterOptions, startDevCluster } from '@driftless/devcluster';
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
  createWorkTree,
  type GitServer,
  type NatsServer,
  notReadyWith,
  ready,
  startGitServer,
  startNatsServer,
  startSourceControllerProcess,
  stopService,
  type WorkTree,
  waitForObject,
} from '@driftless/testkit';
import { createKustomizeController, type KustomizeController } from '../../src/app.js';

export const repoRoot = resolve(import.meta.dirname, '../../../..');
export const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

export const type = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced = true,
): ResourceType => ({
  group,
  version,
  kind,
  plural,
  namespaced,
});
export const crdType = type(
  'apiextensions.k8s.io',
  'v1',
  'CustomResourceDefinition',
  'customresourcedefinitions',
  false,
);
export const namespaceType = type('', 'v1', 'Namespace', 'namespaces', false);
export const configMapType = type('', 'v1', 'ConfigMap', 'configmaps');
export const secretType = type('', 'v1', 'Secret', 'secrets');
export const deploymentType = type('apps', 'v1', 'Deployment', 'deployments');
export const gitRepositoryType = type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories');
export const kustomizationType = type('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations');

export interface KustomizeHarness {
  cluster: DevCluster;
  client: KubeClient;
  nats: NatsServer;
  git: GitServer;
  bus: Bus;
  prefix: string;
  app: KustomizeController;
  events: FluxEvent[];
  logs: string[];
  sourceLogs: () => string;
  /** How many reconciles the kustomize-controller has finished, whatever their result. */
  reconciles(): Promise<number>;
  /** A fresh namespace for one test. */
  namespace(): Promise<string>;
  /**
   * A Git repository with `files`, a GitRepository for it and (returned) a work tree to change it;
   * the GitRepository's interval is long, so only a reconcile request after a push moves it.
   */
  repository(namespace: string, name: string, files: Record<string, string>): Promise<GitRepo>;
  stop(): Promise<void>;
}

export interface GitRepo {
  tree: WorkTree;
  /** Writes (string) or removes (null) files, commits, pushes and asks the source-controller to fetch. */
  change(files: Record<string, string | null>, message?: string): Promise<string>;
}

let harnessCount = 0;

/**
 * The dev cluster with the Flux CRDs, a nats-server, a git http-backend, the source-controller as its
 * own process (dist/main.js) and the kustomize-controller in-process: the path a commit takes to the cluster.
 */
export async function startKustomizeHarness(
  clusterOptions: Partial<DevClusterOptions> = {},
): Promise<KustomizeHarness> {
  harnessCount += 1;
  const prefix = `ks${process.pid}x${harnessCount}`;
  const dir = await mkdtemp(join(tmpdir(), 'kustomize-controller-it-'));
  const [cluster, nats, git] = await Promise.all([
    startDevCluster({ port: 0, workloadDelayMs: 0, ...clusterOptions }),
    startNatsServer(),
    startGitServer(),
  ]);
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  for (const kind of ['GitRepository', 'OCIRepository', 'Kustomization']) {
    await client.create(crdType, buildCrd(findKindDefinition(kind)!) as unknown as KubeObject);
  }
  const { logger, lines } = memoryLogger();
  const busOptions = { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'kustomize-controller-test' };
  const [controllerBus, bus] = await Promise.all([
    connectBus(busOptions, { logger }),
    connectBus(busOptions, { logger }),
  ]);
  await ensureTopology(controllerBus);

  const source = startSourceControllerProcess({ kubeconfig: cluster.kubeconfigPath, natsUrl: nats.url, prefix, dir });
  const published: FluxEvent[] = [];
  const controllerMetrics = createMetrics({ defaultMetrics: false });
  const events = new EventRecorder(
    { controller: 'kustomize-controller', instance: 'test' },
    { client, logger, publish: async (event) => void published.push(event) },
  );
  const app = createKustomizeController(
    {
      controller: {
        ...defaultControllerOptions('kustomize-controller'),
        retry: { baseDelayMs: 100, maxDelayMs: 2_000, qps: 1000, burst: 1000 },
      },
      http: { host: '127.0.0.1', port: 0 },
      fieldManager: 'kustomize-controller',
      kubectlBinary,
      scratchRoot: join(dir, 'scratch'),
      limits: { artifactMaxSize: 64 * 2 ** 20, buildMaxOutput: 16 * 2 ** 20 },
      dependencyRequeueMs: 1_000,
      shutdownTimeoutMs: 5_000,
    },
    {
      client,
      logger,
      metrics: controllerMetrics,
      tracer: createTracing({ serviceName: 'kustomize-controller-test' }).tracer,
      events,
      bus: controllerBus,
    },
  );
  await app.start();
  let namespaces = 0;
  return {
    cluster,
    client,
    nats,
    git,
    bus,
    prefix,
    app,
    events: published,
    logs: lines,
    sourceLogs: source.output,
    async reconciles() {
      const metric = await controllerMetrics.registry.getSingleMetric('controller_runtime_reconcile_total')?.get();
      return (metric?.values ?? []).reduce((sum, sample) => sum + sample.value, 0);
    },
    async namespace() {
      namespaces += 1;
      const name = `test-${namespaces}`;
      await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return name;
    },
    async repository(namespace, name, files) {
      await git.createRepo(`${namespace}-${name}`);
      const tree = await createWorkTree({ origin: git.repoUrl(`${namespace}-${name}`) });
      for (const [path, content] of Object.entries(files)) await tree.write(path, content);
      await tree.commit('initial');
      await tree.push('main');
      await client.create(gitRepositoryType, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name, namespace },
        spec: { url: git.repoUrl(`${namespace}-${name}`), interval: '1h', ref: { branch: 'main' } },
      });
      return {
        tree,
        async change(changes, message = 'change') {
          for (const [path, content] of Object.entries(changes)) {
            if (content === null) await tree.remove(path);
            else await tree.write(path, content);
          }
          const sha = await tree.commit(message);
          await tree.push('main');
          await requestReconcile(bus, 'GitRepository', namespace, name);
          return sha;
        },
      };
    },
    async stop() {
      await app.stop();
      await stopService(source.child);
      await Promise.all([controllerBus.close(), bus.close()]);
      await Promise.all([cluster.stop(), nats.stop(), git.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
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

export function kustomization(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { interval: '1h', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' }, path: './', ...spec },
  };
}

export function configMapYaml(name: string, data: Record<string, string>, namespace?: string): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`];
  if (namespace) lines.push(`  namespace: ${namespace}`);
  lines.push('data:', ...Object.entries(data).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`));
  return `${lines.join('\n')}\n`;
}

/** Reads an object as the shape a test expects. */
export async function read<T>(client: KubeClient, resource: ResourceType, namespace: string, name: string): Promise<T> {
  return (await client.get(resource, namespace, name)) as unknown as T;
}
