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
  type DockerRegistry,
  eventually,
  type GitServer,
  type NatsServer,
  type ServiceProcess,
  startDockerRegistry,
  startGitServer,
  startKustomizeControllerProcess,
  startNatsServer,
  startSourceControllerProcess,
  stopService,
  waitForObject,
} from '@driftless/testkit';
import { createImageAutomationController, type ImageAutomationController } from '../src/app.js';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

const type = (group: string, version: string, kind: string, plural: string, namespaced = true): ResourceType => ({
  group,
  version,
  kind,
  plural,
  namespaced,
});
const crdType = type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false);
export const namespaceType = type('', 'v1', 'Namespace', 'namespaces', false);
export const secretType = type('', 'v1', 'Secret', 'secrets');
export const deploymentType = type('apps', 'v1', 'Deployment', 'deployments');
export const gitRepositoryType = type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories');
export const kustomizationType = type('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations');
export const imageRepositoryType = type('image.toolkit.fluxcd.io', 'v1', 'ImageRepository', 'imagerepositories');
export const imagePolicyType = type('image.toolkit.fluxcd.io', 'v1', 'ImagePolicy', 'imagepolicies');
export const imageUpdateAutomationType = type(
  'image.toolkit.fluxcd.io',
  'v1',
  'ImageUpdateAutomation',
  'imageupdateautomations',
);

const kinds = ['GitRepository', 'Kustomization', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation'] as const;

export interface ImageHarnessOptions {
  /** Run the source- and kustomize-controllers too (the whole loop); false: the image kinds only. */
  gitops: boolean;
  /** Options of the Docker registry. */
  registry: Parameters<typeof startDockerRegistry>[0];
  /** Basic auth the Git server requires for every request. */
  gitAuth: { username: string; password: string } | undefined;
  /** Run the image-automation-controller in-process; false leaves it to the test (e.g. as dist/main.js). */
  inProcess: boolean;
}

export interface ImageHarness {
  cluster: DevCluster;
  client: KubeClient;
  nats: NatsServer;
  bus: Bus;
  prefix: string;
  registry: DockerRegistry;
  git: GitServer;
  readonly app: ImageAutomationController;
  /** Stops the controller and starts a new one on the same cluster and NATS, as a restarted pod would. */
  restartApp(): Promise<void>;
  events: FluxEvent[];
  logs: string[];
  serviceLogs(): string;
  namespace(): Promise<string>;
  stop(): Promise<void>;
}

let harnesses = 0;

/**
 * The dev cluster with the CRDs, nats-server, a Docker registry, a Git server with push enabled, the
 * image-automation-controller in-process and (with `gitops`) the source- and kustomize-controllers as
 * their own processes: the path from a pushed image to a running Deployment.
 */
export async function startImageHarness(options: Partial<ImageHarnessOptions> = {}): Promise<ImageHarness> {
  const opts: ImageHarnessOptions = { gitops: false, registry: {}, gitAuth: undefined, inProcess: true, ...options };
  harnesses += 1;
  const prefix = `iac${process.pid}x${harnesses}`;
  const dir = await mkdtemp(join(tmpdir(), 'image-automation-it-'));
  const teardown: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of teardown.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    teardown.push(() => cluster.stop());
    const nats = await startNatsServer();
    teardown.push(() => nats.stop());
    const registry = await startDockerRegistry(opts.registry);
    teardown.push(() => registry.stop());
    const git = await startGitServer(opts.gitAuth ? { auth: opts.gitAuth } : {});
    teardown.push(() => git.stop());

    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
    for (const kind of kinds) {
      await client.create(crdType, buildCrd(findKindDefinition(kind)!) as unknown as KubeObject);
    }
    const { logger, lines } = memoryLogger();
    const busOptions = { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'image-automation-test' };
    const controllerBus = await connectBus(busOptions, { logger });
    teardown.push(() => controllerBus.close());
    const bus = await connectBus(busOptions, { logger });
    teardown.push(() => bus.close());
    await ensureTopology(controllerBus);

    const services: ServiceProcess[] = [];
    if (opts.gitops) {
      const common = { kubeconfig: cluster.kubeconfigPath, natsUrl: nats.url, prefix, dir };
      services.push(startSourceControllerProcess(common));
      services.push(startKustomizeControllerProcess({ ...common, kubectlBinary }));
      for (const service of services) teardown.push(() => stopService(service.child));
      for (const [service, name] of [
        [services[0], 'source-controller'],
        [services[1], 'kustomize-controller'],
      ] as const) {
        await eventually(
          () => {
            if (service.child.exitCode !== null) throw new Error(`${name} exited:\n${service.output()}`);
            return service.output().includes(`${name} started`);
          },
          { timeoutMs: 30_000 },
        );
      }
    }

    const published: FluxEvent[] = [];
    const events = new EventRecorder(
      { controller: 'image-automation-controller', instance: 'test' },
      { client, logger, publish: async (event) => void published.push(event) },
    );
    const startApp = async () => {
      const started = createImageAutomationController(
        {
          controller: {
            ...defaultControllerOptions('image-automation-controller'),
            retry: { baseDelayMs: 100, maxDelayMs: 2_000, qps: 1000, burst: 1000 },
          },
          http: { host: '127.0.0.1', port: 0 },
          workRoot: join(dir, 'work'),
          maxPushAttempts: 5,
          shutdownTimeoutMs: 5_000,
        },
        {
          client,
          logger,
          events,
          metrics: createMetrics({ defaultMetrics: false }),
          tracer: createTracing({ serviceName: 'image-automation-controller-test' }).tracer,
          bus: controllerBus,
        },
      );
      await started.start();
      return started;
    };
    let app = opts.inProcess ? await startApp() : undefined;
    teardown.push(async () => app?.stop());

    let namespaces = 0;
    return {
      cluster,
      client,
      nats,
      bus,
      prefix,
      registry,
      git,
      get app() {
        if (!app) throw new Error('the harness was started with inProcess: false');
        return app;
      },
      async restartApp() {
        await app?.stop();
        app = await startApp();
      },
      events: published,
      logs: lines,
      serviceLogs: () => services.map((service) => service.output()).join('\n'),
      async namespace() {
        namespaces += 1;
        const name = `test-${namespaces}`;
        await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
        return name;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until `check` accepts the object (retrying while it throws) and returns it. */
export function waitFor<T extends ConditionedObject = ConditionedObject>(
  client: KubeClient,
  resource: ResourceType,
  namespace: string,
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

/** A Flux object with a one-hour interval unless `spec` says otherwise. */
export function fluxObject(resource: ResourceType, namespace: string, name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: `${resource.group}/${resource.version}`,
    kind: resource.kind,
    metadata: { name, namespace },
    spec: { interval: '1h', ...spec },
  } as KubeObject;
}
