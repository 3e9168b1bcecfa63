import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

export interface ServiceProcess {
  child: ChildProcess;
  /** The tail of what the process printed. */
  output(): string;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

/** Runs a service's dist/main.js with `env` (and PATH), keeping the tail of its output. */
export function spawnService(main: string, env: Record<string, string | undefined>): ServiceProcess {
  // biome-ignore lint/style/noProcessEnv: a test's services need the test's PATH (git, helm, ssh)
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH, ...env } });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/** Signals the process and waits for it to exit; an exited one is left alone. */
export async function stopService(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

export interface SourceControllerProcessOptions {
  kubeconfig: string;
  natsUrl: string;
  prefix: string;
  /** Storage, cache and HOME go under it. */
  dir: string;
  helmBinary?: string;
}

/** The source-controller (its built dist/main.js) as its own process, serving artifacts on 127.0.0.1, retrying fast. */
export function startSourceControllerProcess(options: SourceControllerProcessOptions): ServiceProcess {
  return spawnService(join(repoRoot, 'services/source-controller/dist/main.js'), {
    HOME: join(options.dir, 'source-home'),
    KUBECONFIG: options.kubeconfig,
    NATS_URL: options.natsUrl,
    DRIFTLESS_NATS_PREFIX: options.prefix,
    STORAGE_PATH: join(options.dir, 'storage'),
    CACHE_PATH: join(options.dir, 'source-cache'),
    STORAGE_HOST: '127.0.0.1',
    STORAGE_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ...(options.helmBinary ? { HELM_BINARY: options.helmBinary } : {}),
    LEADER_ELECT: 'false',
    LOG_FORMAT: 'json',
    MIN_RETRY_DELAY: '100ms',
    MAX_RETRY_DELAY: '2s',
  });
}

export interface KustomizeControllerProcessOptions {
  kubeconfig: string;
  natsUrl: string;
  prefix: string;
  /** Scratch space goes under it. */
  dir: string;
  /** The kubectl whose kustomize builds overlays. */
  kubectlBinary: string;
}

/** The kustomize-controller (its built dist/main.js) as its own process, retrying fast. */
export function startKustomizeControllerProcess(options: KustomizeControllerProcessOptions): ServiceProcess {
  return spawnService(join(repoRoot, 'services/kustomize-controller/dist/main.js'), {
    HOME: join(options.dir, 'kustomize-home'),
    KUBECONFIG: options.kubeconfig,
    NATS_URL: options.natsUrl,
    DRIFTLESS_NATS_PREFIX: options.prefix,
    KUBECTL_BINARY: options.kubectlBinary,
    SCRATCH_PATH: join(options.dir, 'kustomize-scratch'),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LEADER_ELECT: 'false',
    LOG_FORMAT: 'json',
    MIN_RETRY_DELAY: '100ms',
    MAX_RETRY_DELAY: '2s',
    DEPENDENCY_REQUEUE_INTERVAL: '1s',
  });
}
