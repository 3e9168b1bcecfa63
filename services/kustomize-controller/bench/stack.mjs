// The path a commit takes to the cluster, as the integration tests start it: the dev cluster with
// the Flux CRDs, a nats-server, a git http-backend, the source-controller as its own process and
// the kustomize-controller in-process. The kustomize-controller reaches the API server only
// through the counting proxy; everything else (this bench included) talks to the cluster directly.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildCrd, findKindDefinition } from '@driftless/api';
import { connectBus, defaultBusOptions, ensureTopology } from '@driftless/bus';
import { startDevCluster } from '@driftless/devcluster';
import { defaultControllerOptions, EventRecorder, KubeClient, loadKubeConfig } from '@driftless/runtime';
import { createLogger, createMetrics, createTracing } from '@driftless/telemetry';
import { startGitServer, startNatsServer } from '@driftless/testkit';
import { createKustomizeController } from '../dist/app.js';
import { startCountingProxy } from './counting-proxy.mjs';
import { observeReconciles } from './reconcile-signal.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');
const sourceControllerMain = join(repoRoot, 'services/source-controller/dist/main.js');

const type = (group, version, kind, plural, namespaced = true) => ({ group, version, kind, plural, namespaced });
export const Types = {
  crd: type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  namespace: type('', 'v1', 'Namespace', 'namespaces', false),
  configMap: type('', 'v1', 'ConfigMap', 'configmaps'),
  gitRepository: type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories'),
  kustomization: type('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations'),
};

/** Log lines kept in memory, printed only when the bench fails. */
function memoryLogger() {
  const lines = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      if (lines.length > 500) lines.shift();
      done();
    },
  });
  return { logger: createLogger({ level: 'info', format: 'json', destination }), lines };
}

function startSourceController({ kubeconfig, natsUrl, prefix, dir }) {
  const child = spawn(process.execPath, [sourceControllerMain], {
    env: {
      PATH: process.env.PATH,
      KUBECONFIG: kubeconfig,
      NATS_URL: natsUrl,
      DRIFTLESS_NATS_PREFIX: prefix,
      STORAGE_PATH: join(dir, 'storage'),
      CACHE_PATH: join(dir, 'source-cache'),
      STORAGE_HOST: '127.0.0.1',
      STORAGE_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEADER_ELECT: 'false',
      LOG_FORMAT: 'json',
      MIN_RETRY_DELAY: '100ms',
      MAX_RETRY_DELAY: '2s',
    },
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => output };
}

/** Starts everything; `stop()` undoes what was started, also after a partial start. */
export async function startStack() {
  const stoppers = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'kustomize-bench-'));
    stoppers.push(() => rm(dir, { recursive: true, force: true }));
    const started = await Promise.allSettled([
      startDevCluster({ port: 0, workloadDelayMs: 0 }),
      startNatsServer(),
      startGitServer(),
    ]);
    for (const result of started) if (result.status === 'fulfilled') stoppers.push(() => result.value.stop());
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [cluster, nats, git] = started.map((result) => result.value);
    const proxy = await startCountingProxy(cluster.url);
    stoppers.push(() => proxy.stop());
    const proxyKubeconfig = join(dir, 'proxy-kubeconfig');
    if (!cluster.kubeconfig.includes(cluster.url)) throw new Error('dev cluster kubeconfig does not name its URL');
    await writeFile(proxyKubeconfig, cluster.kubeconfig.replace(cluster.url, proxy.url), { mode: 0o600 });

    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), {
      fieldManager: 'kubectl-edit',
    });
    const proxiedClient = new KubeClient(loadKubeConfig({ kubeconfigPath: proxyKubeconfig }), {
      fieldManager: 'kustomize-controller',
    });
    for (const kind of ['GitRepository', 'OCIRepository', 'Kustomization']) {
      await client.create(Types.crd, buildCrd(findKindDefinition(kind)));
    }

    const { logger, lines } = memoryLogger();
    const prefix = `bench${process.pid}`;
    const busOptions = { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'kustomize-controller-bench' };
    const [controllerBus, bus] = await Promise.all([
      connectBus(busOptions, { logger }),
      connectBus(busOptions, { logger }),
    ]);
    stoppers.push(
      () => controllerBus.close(),
      () => bus.close(),
    );
    await ensureTopology(controllerBus);

    const source = startSourceController({ kubeconfig: cluster.kubeconfigPath, natsUrl: nats.url, prefix, dir });
    stoppers.push(async () => {
      source.child.kill('SIGTERM');
      if (source.child.exitCode === null) await once(source.child, 'exit');
    });

    const reconciles = observeReconciles(createMetrics({ defaultMetrics: false }));
    const events = new EventRecorder(
      { controller: 'kustomize-controller', instance: 'bench' },
      { client: proxiedClient, logger, publish: async () => undefined },
    );
    const app = createKustomizeController(
      {
        controller: defaultControllerOptions('kustomize-controller'),
        http: { host: '127.0.0.1', port: 0 },
        fieldManager: 'kustomize-controller',
        kubectlBinary,
        scratchRoot: join(dir, 'scratch'),
        limits: { artifactMaxSize: 64 * 2 ** 20, buildMaxOutput: 16 * 2 ** 20 },
        dependencyRequeueMs: 1_000,
        shutdownTimeoutMs: 5_000,
      },
      {
        client: proxiedClient,
        logger,
        metrics: reconciles.metrics,
        tracer: createTracing({ serviceName: 'kustomize-controller-bench' }).tracer,
        events,
        bus: controllerBus,
      },
    );
    await app.start();
    stoppers.push(() => app.stop());

    return {
      dir,
      cluster,
      git,
      bus,
      client,
      proxy,
      proxyKubeconfig,
      reconciles,
      logs: () => [...lines.slice(-40), source.output().slice(-4_000)].join(''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
