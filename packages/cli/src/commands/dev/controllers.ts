import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@driftless/testkit';
import type { ControllerName } from '../../context/flux-kinds.js';
import { findTool, pathWithTools, repoLayout } from '../../context/repo-layout.js';

export interface ControllerEnvironment {
  kubeconfig: string;
  natsUrl: string;
  natsPrefix: string;
  stateDir: string;
  /** The user's PATH; .tools/bin goes first. */
  path: string | undefined;
}

export interface RunningController {
  name: ControllerName;
  healthUrl: string;
  logFile: string;
  /** Resolves once /readyz answers 200. */
  ready(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/** Each controller's own settings for a local run: its ports on 127.0.0.1 and its directories in the state dir. */
async function ownSettings(name: ControllerName, work: string): Promise<Record<string, string>> {
  switch (name) {
    case 'source-controller':
      return {
        STORAGE_PATH: join(work, 'storage'),
        CACHE_PATH: join(work, 'cache'),
        STORAGE_HOST: '127.0.0.1',
        STORAGE_PORT: String(await freePort()),
        HELM_BINARY: findTool('helm'),
      };
    case 'kustomize-controller':
      return {
        SCRATCH_PATH: join(work, 'scratch'),
        DEPENDENCY_REQUEUE_INTERVAL: '5s',
        KUBECTL_BINARY: findTool('kubectl'),
      };
    case 'helm-controller':
      return {
        SCRATCH_PATH: join(work, 'scratch'),
        DEPENDENCY_REQUEUE_INTERVAL: '5s',
        HELM_BINARY: findTool('helm'),
        KUBECTL_BINARY: findTool('kubectl'),
      };
    case 'image-automation-controller':
      return { WORK_PATH: join(work, 'work') };
    case 'notification-controller':
      return { RECEIVER_HOST: '127.0.0.1', RECEIVER_PORT: String(await freePort()) };
  }
}

/**
 * Starts one controller as its own process (its built dist/main.js), logging JSON lines to
 * `<state>/logs/<name>.log`. A controller that exits on its own is started again after a pause, as its
 * Deployment would be.
 */
export async function startController(
  name: ControllerName,
  environment: ControllerEnvironment,
  onExit: (code: number | null) => void,
): Promise<RunningController> {
  const work = join(environment.stateDir, 'controllers', name);
  const logFile = join(environment.stateDir, 'logs', `${name}.log`);
  mkdirSync(work, { recursive: true });
  mkdirSync(join(environment.stateDir, 'logs'), { recursive: true });
  const httpPort = await freePort();
  const env = {
    PATH: pathWithTools(environment.path),
    HOME: join(work, 'home'),
    KUBECONFIG: environment.kubeconfig,
    NATS_URL: environment.natsUrl,
    DRIFTLESS_NATS_PREFIX: environment.natsPrefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    LEADER_ELECT: 'false',
    LOG_FORMAT: 'json',
    MAX_RETRY_DELAY: '30s',
    ...(await ownSettings(name, work)),
  };
  let child: ChildProcess | undefined;
  let stopping = false;
  const launch = () => {
    const log = openSync(logFile, 'a');
    child = spawn(process.execPath, [repoLayout.serviceMain(name)], { env, stdio: ['ignore', log, log] });
    closeSync(log);
    child.once('exit', (code) => {
      if (stopping) return;
      onExit(code);
      setTimeout(() => {
        if (!stopping) launch();
      }, 2_000).unref();
    });
  };
  launch();
  const healthUrl = `http://127.0.0.1:${httpPort}`;
  return {
    name,
    healthUrl,
    logFile,
    ready: (signal) => waitForReady(`${healthUrl}/readyz`, signal),
    async stop() {
      stopping = true;
      if (child) await stopProcess(child);
    },
  };
}

async function waitForReady(url: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200, undefined, { signal }).catch(() => undefined);
  }
  throw new Error('stopped before the controller was ready');
}

/** SIGTERM, then SIGKILL if the process has not exited after the controllers' own shutdown timeout. */
export async function stopProcess(child: ChildProcess, graceMs = 35_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
