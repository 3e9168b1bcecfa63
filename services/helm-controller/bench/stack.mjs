// The path a chart takes to a Helm release, as the integration tests start it, but with the
// helm-controller as its own process (`dist/main.js`) so that its memory can be measured: the dev
// cluster with the Flux CRDs, a nats-server, the webapp fixture chart served from an http chart
// repository, and the source-controller and helm-controller processes.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildCrd, findKindDefinition } from '@driftless/api';
import { startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { startNatsServer, startStaticServer } from '@driftless/testkit';

const run = promisify(execFile);

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const helmBinary = join(repoRoot, '.tools/bin/helm');
const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');
const sourceControllerMain = join(repoRoot, 'services/source-controller/dist/main.js');
const helmControllerMain = join(repoRoot, 'services/helm-controller/dist/main.js');
const webappChart = join(repoRoot, 'services/helm-controller/test/fixtures/charts/webapp');

const type = (group, version, kind, plural, namespaced = true) => ({ group, version, kind, plural, namespaced });
export const Types = {
  crd: type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  namespace: type('', 'v1', 'Namespace', 'namespaces', false),
  configMap: type('', 'v1', 'ConfigMap', 'configmaps'),
  helmRepository: type('source.toolkit.fluxcd.io', 'v1', 'HelmRepository', 'helmrepositories'),
  helmRelease: type('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases'),
};

const fluxKinds = ['GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository', 'HelmRelease'];

/** The real helm with a HOME of its own, so nothing leaks in from the user's. */
export function helmCli(home, kubeconfigPath) {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CONFIG_HOME: join(home, 'helm-config'),
    HELM_CACHE_HOME: join(home, 'helm-cache'),
    HELM_DATA_HOME: join(home, 'helm-data'),
    ...(kubeconfigPath ? { KUBECONFIG: kubeconfigPath } : {}),
  };
  return async (args) => {
    await mkdir(home, { recursive: true });
    const { stdout } = await run(helmBinary, args, { cwd: home, env, maxBuffer: 32 * 2 ** 20, timeout: 120_000 });
    return stdout;
  };
}

/** A controller process whose output is kept (the tail) for a failure report. */
function startProcess(main, env) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env } });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const started = new Promise((resolve, reject) => {
    const check = () => {
      if (output.includes(' started"')) resolve();
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`${main} exited with ${code}: ${output.slice(-2_000)}`)));
  });
  started.catch(() => undefined);
  return { child, output: () => output, started };
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function readKib(pid, field) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function descendants(pid) {
  let children = [];
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    children = text.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  const nested = await Promise.all(children.map(descendants));
  return [...children, ...nested.flat()];
}

/**
 * Samples the RSS of a process and of the processes it spawned (helm renders in child processes)
 * every 100 ms. `peak()` answers the largest sum seen and the process's own high-water mark (VmHWM).
 */
export function sampleMemory(pid) {
  let peakTree = 0;
  let stopped = false;
  const sample = async () => {
    const pids = [pid, ...(await descendants(pid))];
    const sizes = await Promise.all(pids.map((p) => readKib(p, 'VmRSS')));
    peakTree = Math.max(
      peakTree,
      sizes.reduce((a, b) => a + b, 0),
    );
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    reset() {
      peakTree = 0;
    },
    async peak() {
      await sample();
      return { treeKib: peakTree, ownHwmKib: await readKib(pid, 'VmHWM') };
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** The webapp chart packaged and indexed, served over http: what a HelmRepository's `url` points at. */
async function startChartRepo(dir) {
  const repoDir = join(dir, 'chart-repo');
  await mkdir(repoDir, { recursive: true });
  const helm = helmCli(join(dir, 'helm-build'));
  await helm(['package', webappChart, '--destination', repoDir]);
  const server = await startStaticServer({ root: repoDir });
  await helm(['repo', 'index', repoDir, '--url', server.url]);
  return server;
}

/** Starts everything; `stop()` undoes what was started, also after a partial start. */
export async function startStack({ workloadDelayMs }) {
  const stoppers = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'helm-bench-'));
    stoppers.push(() => rm(dir, { recursive: true, force: true }));
    const started = await Promise.allSettled([
      startDevCluster({ port: 0, workloadDelayMs }),
      startNatsServer(),
      startChartRepo(dir),
    ]);
    for (const result of started) if (result.status === 'fulfilled') stoppers.push(() => result.value.stop());
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [cluster, nats, chartRepo] = started.map((result) => result.value);

    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), {
      fieldManager: 'bench',
    });
    for (const kind of fluxKinds) await client.create(Types.crd, buildCrd(findKindDefinition(kind)));

    const prefix = `hbench${process.pid}`;
    const common = {
      KUBECONFIG: cluster.kubeconfigPath,
      NATS_URL: nats.url,
      DRIFTLESS_NATS_PREFIX: prefix,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEADER_ELECT: 'false',
      HELM_BINARY: helmBinary,
    };
    const source = startProcess(sourceControllerMain, {
      ...common,
      HOME: join(dir, 'source-home'),
      STORAGE_PATH: join(dir, 'storage'),
      CACHE_PATH: join(dir, 'source-cache'),
      STORAGE_HOST: '127.0.0.1',
      STORAGE_PORT: '0',
    });
    stoppers.push(() => stopProcess(source.child));
    const helmController = startProcess(helmControllerMain, {
      ...common,
      HOME: join(dir, 'helm-controller-home'),
      KUBECTL_BINARY: kubectlBinary,
      SCRATCH_PATH: join(dir, 'helm-controller-scratch'),
    });
    stoppers.push(() => stopProcess(helmController.child));
    await Promise.all([source.started, helmController.started]);
    const memory = sampleMemory(helmController.child.pid);
    stoppers.push(() => memory.stop());

    return {
      dir,
      client,
      chartRepoUrl: chartRepo.url,
      helm: helmCli(join(dir, 'helm-home'), cluster.kubeconfigPath),
      memory,
      logs: () =>
        `--- helm-controller ---\n${helmController.output().slice(-6_000)}\n--- source-controller ---\n${source.output().slice(-3_000)}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
