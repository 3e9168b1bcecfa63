#!/usr/bin/env node
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  busOptionsFromConfig,
  connectBus,
  createEventOutbox,
  ensureTopology,
  topologyOptionsFromConfig,
} from '@driftless/bus';
import {
  ConfigError,
  createLeaderElector,
  defaultControllerOptions,
  EventRecorder,
  KubeClient,
  leaderElectionOptionsFromConfig,
  loadKubeConfig,
  onShutdownSignal,
  parseConfig,
} from '@driftless/runtime';
import {
  createLogger,
  createMetrics,
  createTracing,
  loggerOptionsFromConfig,
  tracingOptionsFromConfig,
} from '@driftless/telemetry';
import { createKustomizeController } from './app.js';
import { type KustomizeControllerConfig, kustomizeControllerConfig } from './config.js';

const controllerName = 'kustomize-controller';

async function main(): Promise<void> {
  let config: KustomizeControllerConfig;
  try {
    config = parseConfig(kustomizeControllerConfig, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${controllerName}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createLogger(loggerOptionsFromConfig(config)).child({ controller: controllerName });
  const identity = config.POD_NAME ?? `${hostname()}-${process.pid}`;
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: config.KUBECONFIG, context: config.KUBE_CONTEXT }), {
    fieldManager: config.FIELD_MANAGER,
    userAgent: controllerName,
  });
  const bus = await connectBus(busOptionsFromConfig(config), { logger });
  await ensureTopology(bus, topologyOptionsFromConfig(config));
  const metrics = createMetrics();
  const tracing = createTracing(tracingOptionsFromConfig(config, { serviceName: controllerName }));
  const outbox = createEventOutbox(bus, { controller: controllerName });
  const events = new EventRecorder(
    { controller: controllerName, instance: identity },
    { client, logger, publish: outbox.publish },
  );
  const leaderElector = config.LEADER_ELECT
    ? createLeaderElector(
        client,
        leaderElectionOptionsFromConfig(config, { leaseName: `${controllerName}-leader-election`, identity }),
        { logger },
      )
    : undefined;
  const app = createKustomizeController(
    {
      controller: {
        ...defaultControllerOptions(controllerName),
        concurrency: config.CONCURRENT,
        namespace: config.WATCH_NAMESPACE,
        retry: {
          ...defaultControllerOptions(controllerName).retry,
          baseDelayMs: config.MIN_RETRY_DELAY,
          maxDelayMs: config.MAX_RETRY_DELAY,
        },
      },
      http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
      fieldManager: config.FIELD_MANAGER,
      kubectlBinary: config.KUBECTL_BINARY,
      scratchRoot: config.SCRATCH_PATH ?? join(tmpdir(), `driftless-${controllerName}`),
      limits: { artifactMaxSize: config.ARTIFACT_MAX_SIZE, buildMaxOutput: config.BUILD_MAX_OUTPUT },
      dependencyRequeueMs: config.DEPENDENCY_REQUEUE_INTERVAL,
      defaultServiceAccount: config.DEFAULT_SERVICE_ACCOUNT,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
    },
    { client, logger, metrics, tracer: tracing.tracer, events, bus, tracing, leaderElector },
  );
  const urls = await app.start();
  logger.info(urls, 'kustomize-controller started');
  onShutdownSignal(async () => {
    await app.stop();
    await outbox.close(config.SHUTDOWN_TIMEOUT);
    await bus.drain();
  });
}

await main();
