import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import {
  eventually,
  type GitServer,
  type NatsServer,
  type ServiceProcess,
  startGitServer,
  startKustomizeControllerProcess,
  startNatsServer,
  startSourceControllerProcess,
  stopService,
} from '@driftless/testkit';
import { installCrds } from '../../src/commands/dev/bootstrap.js';
import type { CliIo } from '../../src/context/cli-io.js';
import { namespaceType } from '../../src/context/resource-types.js';
import { formatEnvFile } from '../../src/context/state-dir.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
export const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

/** The dev cluster with every CRD, nats-server, a git server, and the source- and kustomize-controller processes. */
export interface Stack {
  cluster: DevCluster;
  nats: NatsServer;
  git: GitServer;
  client: KubeClient;
  prefix: string;
  /** A state dir as `driftless dev` leaves it: kubeconfig, and env with NATS and the health URLs. */
  stateDir: string;
  controllers: ServiceProcess[];
  namespace(): Promise<string>;
  stop(): Promise<void>;
}

let stacks = 0;

export async function startStack(): Promise<Stack> {
  stacks += 1;
  const prefix = `rc${process.pid}x${stacks}`;
  const dir = await mkdtemp(join(tmpdir(), 'driftless-cli-reconcile-'));
  const [cluster, nats, git] = await Promise.all([
    startDevCluster({ port: 0, host: '127.0.0.1', workloadDelayMs: 0 }),
    startNatsServer(),
    startGitServer(),
  ]);
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  await installCrds(client);
  const base = { kubeconfig: cluster.kubeconfigPath, natsUrl: nats.url, prefix, dir };
  const controllers = [startSourceControllerProcess(base), startKustomizeControllerProcess({ ...base, kubectlBinary })];
  const [sourceUrl, kustomizeUrl] = await Promise.all(controllers.map(healthUrlOf));
  const stateDir = join(dir, 'state');
  await mkdir(stateDir);
  await copyFile(cluster.kubeconfigPath, join(stateDir, 'kubeconfig'));
  await writeFile(
    join(stateDir, 'env'),
    formatEnvFile({
      NATS_URL: nats.url,
      DRIFTLESS_NATS_PREFIX: prefix,
      DRIFTLESS_SOURCE_CONTROLLER_HEALTH_URL: sourceUrl ?? '',
      DRIFTLESS_KUSTOMIZE_CONTROLLER_HEALTH_URL: kustomizeUrl ?? '',
    }),
  );
  let namespaces = 0;
  return {
    cluster,
    nats,
    git,
    client,
    prefix,
    stateDir,
    controllers,
    async namespace() {
      namespaces += 1;
      const name = `t${namespaces}`;
      await client.create(namespaceType, { metadata: { name } });
      return name;
    },
    async stop() {
      await Promise.all(controllers.map((controller) => stopService(controller.child)));
      await Promise.all([cluster.stop(), nats.stop(), git.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The controller logs `{healthUrl}` once it listens. */
async function healthUrlOf(controller: ServiceProcess): Promise<string> {
  let url: string | undefined;
  await eventually(
    async () => {
      url = /"healthUrl":"([^"]+)"/.exec(controller.output())?.[1];
      if (!url) throw new Error(`no health URL logged yet:\n${controller.output().slice(-2_000)}`);
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
  return url as string;
}

export interface CapturedIo {
  io: CliIo;
  out(): string;
  err(): string;
}

/** A CliIo that keeps what the command printed; `env` has only PATH, so the state dir decides the rest. */
export function captureIo(): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return {
    io: { stdout, stderr, env: { PATH: process.env.PATH }, cwd: tmpdir() },
    out: () => out,
    err: () => err,
  };
}
