#!/usr/bin/env node
import { hostname } from 'node:os';
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
import { createNotificationController } from './app.js';
import { type NotificationControllerConfig, notificationControllerConfig } from './config.js';

const controllerName = 'notification-controller';

async function main(): Promise<void> {
  let config: NotificationControllerConfig;
  try {
    config = parseConfig(notificationControllerConfig, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${controllerName}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createLogger(loggerOptionsFromConfig(config)).child({ controller: controllerName });
  const identity = config.POD_NAME ?? `${hostname()}-${process.pid}`;
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: config.KUBECONFIG, context: config.KUBE_CONTEXT }), {
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
  const defaults = defaultControllerOptions(controllerName);
  const app = createNotificationController(
    {
      controller: {
        ...defaults,
        concurrency: config.CONCURRENT,
        namespace: config.WATCH_NAMESPACE,
        retry: { ...defaults.retry, baseDelayMs: config.MIN_RETRY_DELAY, maxDelayMs: config.MAX_RETRY_DELAY },
      },
      http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
      receiver: { host: config.RECEIVER_HOST, port: config.RECEIVER_PORT, bodyLimit: config.RECEIVER_MAX_BODY },
      durableName: config.DURABLE_NAME,
      eventConcurrency: config.EVENT_CONCURRENCY,
      eventAckWaitMs: config.EVENT_ACK_WAIT,
      dedupWindowMs: config.EVENT_DEDUP_WINDOW,
      retry: {
        maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
        baseDelayMs: config.DELIVERY_RETRY_DELAY,
        maxDelayMs: config.DELIVERY_MAX_RETRY_DELAY,
      },
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
    },
    { client, logger, metrics, tracer: tracing.tracer, events, bus, tracing, leaderElector },
  );
  const urls = await app.start();
  logger.info(urls, 'notification-controller started');
  onShutdownSignal(async () => {
    await app.stop();
    await outbox.close(config.SHUTDOWN_TIMEOUT);
    await bus.drain();
  });
}

await main();
