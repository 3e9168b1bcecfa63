import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDevCluster } from '@driftless/devcluster';
import {
  type GitServer,
  pushImageTags,
  startDockerRegistry,
  startGitServer,
  startNatsServer,
} from '@driftless/testkit';
import { controllerNames } from '../../context/flux-kinds.js';
import { formatEnvFile, healthUrlVariable, StateFile } from '../../context/state-dir.js';
import { type RunningController, startController } from './controllers.js';
import { startWebhookSink } from './webhook-sink.js';

export interface DevStackOptions {
  stateDir: string;
  /** An existing cluster's kubeconfig instead of the dev cluster. */
  kubeconfig?: string;
  natsPrefix: string;
  path: string | undefined;
  /** Tags pushed to the local registry for the image-automation example. */
  exampleImageTags: readonly string[];
}

export interface DevStack {
  kubeconfig: string;
  natsUrl: string;
  gitUrl: string;
  gitServer: GitServer;
  registry: string;
  webhookUrl: string;
  controllers: RunningController[];
}

export interface DevStackHooks {
  step(line: string): void;
  alert(event: Parameters<Parameters<typeof startWebhookSink>[0]>[0]): void;
  controllerExited(name: string, code: number | null, logFile: string): void;
}

export const exampleImageRepository = 'examples/podinfo';

/**
 * Starts everything `driftless dev` runs, registering how to stop each part in `stoppers` (last started,
 * first stopped), so that a failure half-way still cleans up what did start.
 */
export async function startDevStack(
  options: DevStackOptions,
  hooks: DevStackHooks,
  stoppers: Array<() => Promise<void>>,
): Promise<DevStack> {
  const { stateDir } = options;
  await mkdir(join(stateDir, StateFile.logs), { recursive: true });
  await mkdir(join(stateDir, StateFile.git), { recursive: true });
  const kubeconfig = join(stateDir, StateFile.kubeconfig);

  if (options.kubeconfig) {
    await copyFile(options.kubeconfig, kubeconfig);
    hooks.step(`✔ cluster from ${options.kubeconfig}`);
  } else {
    const cluster = await startDevCluster({ port: 0, kubeconfigPath: kubeconfig, dataDir: join(stateDir, 'cluster') });
    stoppers.push(() => cluster.stop());
    hooks.step(`✔ dev cluster ${cluster.url}`);
  }

  const nats = await startNatsServer({ jetstream: true });
  stoppers.push(() => nats.stop());
  hooks.step(`✔ NATS ${nats.url} (JetStream)`);

  const git = await startGitServer({ root: join(stateDir, StateFile.git) });
  stoppers.push(() => git.stop());
  hooks.step(`✔ Git server ${git.url} (serving ${join(stateDir, StateFile.git)})`);

  const registry = await startDockerRegistry();
  stoppers.push(() => registry.stop());
  await pushImageTags(registry, exampleImageRepository, options.exampleImageTags);
  hooks.step(`✔ registry ${registry.host} (${exampleImageRepository}: ${options.exampleImageTags.join(', ')})`);

  const sink = await startWebhookSink(hooks.alert);
  stoppers.push(() => sink.stop());
  hooks.step(`✔ alert sink ${sink.url}`);

  const environment = { kubeconfig, natsUrl: nats.url, natsPrefix: options.natsPrefix, stateDir, path: options.path };
  const controllers: RunningController[] = [];
  for (const name of controllerNames) {
    const controller = await startController(name, environment, (code) =>
      hooks.controllerExited(name, code, controller.logFile),
    );
    controllers.push(controller);
    stoppers.push(() => controller.stop());
  }

  const stack = {
    kubeconfig,
    natsUrl: nats.url,
    gitUrl: git.url,
    gitServer: git,
    registry: registry.host,
    webhookUrl: sink.url,
    controllers,
  };
  await writeFile(join(stateDir, StateFile.env), formatEnvFile(stateEnv(stack, options.natsPrefix)));
  return stack;
}

/** `.driftless/env`: what scripts and the other commands need to reach this stack. */
export function stateEnv(stack: DevStack, natsPrefix: string): Record<string, string> {
  return {
    KUBECONFIG: stack.kubeconfig,
    NATS_URL: stack.natsUrl,
    DRIFTLESS_NATS_PREFIX: natsPrefix,
    DRIFTLESS_GIT_URL: stack.gitUrl,
    DRIFTLESS_REGISTRY: stack.registry,
    DRIFTLESS_WEBHOOK_URL: stack.webhookUrl,
    ...Object.fromEntries(
      stack.controllers.map((controller) => [healthUrlVariable(controller.name), controller.healthUrl]),
    ),
  };
}
