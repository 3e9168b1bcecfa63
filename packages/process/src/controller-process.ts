import { hostname } from 'node:os';
import {
  type Bus,
  busOptionsFromConfig,
  connectBus,
  createEventOutbox,
  ensureTopology,
  type NatsConfig,
  topologyOptionsFromConfig,
} from '@driftless/bus';
import {
  ConfigError,
  createLeaderElector,
  EventRecorder,
  KubeClient,
  type LeaderElectionConfig,
  type LeaderElector,
  leaderElectionOptionsFromConfig,
  loadKubeConfig,
  onShutdownSignal,
  parseConfig,
  type RuntimeConfig,
} from '@driftless/runtime';
import {
  type ControllerMetrics,
  createLogger,
  createMetrics,
  createTracing,
  type Logger,
  loggerOptionsFromConfig,
  type TelemetryConfig,
  type Tracing,
  tracingOptionsFromConfig,
} from '@driftless/telemetry';
import type { Tracer } from '@opentelemetry/api';
import type { z } from 'zod';

/** The settings every controller process has (its own come on top). */
export type CommonConfig = RuntimeConfig & TelemetryConfig & NatsConfig & LeaderElectionConfig;

/** What the shared start-up hands to a service to build its app from. */
export interface ProcessDeps {
  client: KubeClient;
  logger: Logger;
  metrics: ControllerMetrics;
  tracer: Tracer;
  tracing: Tracing;
  events: EventRecorder;
  bus: Bus;
  leaderElector: LeaderElector | undefined;
}

export interface ControllerProcessOptions<S extends z.ZodType<CommonConfig>> {
  /** `source-controller`: the reportingController, the lease name's stem and the log field. */
  name: string;
  /** The service's config schema (`src/config.ts`). */
  config: S;
  /** The environment to read it from (`process.env`, read only in `main.ts`). */
  env: Record<string, string | undefined>;
  /** The kube client's field manager; the name when absent. */
  fieldManager?: (config: Readonly<z.output<S>>) => string;
}

/**
 * Runs one controller process: parses the environment (exit status 2 and the reason on stderr when
 * invalid), creates the logger, kube client, NATS connection and topology, metrics, tracing, the event
 * recorder (publishing through an outbox) and the leader elector, builds and starts the app, and on
 * SIGTERM/SIGINT stops it, flushes the outbox and drains NATS.
 */
export async function runControllerProcess<S extends z.ZodType<CommonConfig>>(
  options: ControllerProcessOptions<S>,
  build: (config: Readonly<z.output<S>>, deps: ProcessDeps) => { start(): Promise<object>; stop(): Promise<void> },
): Promise<void> {
  const { name } = options;
  let config: Readonly<z.output<S>>;
  try {
    config = parseConfig(options.config, options.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createLogger(loggerOptionsFromConfig(config)).child({ controller: name });
  const identity = config.POD_NAME ?? `${hostname()}-${process.pid}`;
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: config.KUBECONFIG, context: config.KUBE_CONTEXT }), {
    fieldManager: options.fieldManager?.(config) ?? name,
    userAgent: name,
  });
  const bus = await connectBus(busOptionsFromConfig(config), { logger });
  await ensureTopology(bus, topologyOptionsFromConfig(config));
  const metrics = createMetrics();
  const tracing = createTracing(tracingOptionsFromConfig(config, { serviceName: name }));
  const outbox = createEventOutbox(bus, { controller: name });
  const events = new EventRecorder(
    { controller: name, instance: identity },
    { client, logger, publish: outbox.publish },
  );
  const leaderElector = config.LEADER_ELECT
    ? createLeaderElector(
        client,
        leaderElectionOptionsFromConfig(config, { leaseName: `${name}-leader-election`, identity }),
        { logger },
      )
    : undefined;
  const app = build(config, {
    client,
    logger,
    metrics,
    tracer: tracing.tracer,
    tracing,
    events,
    bus,
    leaderElector,
  });
  const urls = await app.start();
  logger.info(urls, `${name} started`);
  onShutdownSignal(async () => {
    await app.stop();
    await outbox.close(config.SHUTDOWN_TIMEOUT);
    await bus.drain();
  });
}
