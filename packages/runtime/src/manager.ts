import type { ControllerMetrics, Logger, Tracing } from '@driftless/telemetry';
import type { Controller } from './controller.js';
import { buildHealthApp, type ReadinessCheck } from './health-server.js';
import type { LeaderElector } from './leader-election.js';
import type { ReconcilableObject } from './reconcile-driver.js';

export interface ManagerOptions {
  http: { host: string; port: number };
  /** How long in-flight reconciles may run on after stop() is called. */
  shutdownTimeoutMs: number;
}

export interface ManagerDeps {
  logger: Logger;
  metrics: ControllerMetrics;
  tracing?: Tracing;
  /** Without one, this replica leads from the start. */
  leaderElector?: LeaderElector;
  /** Extra readiness checks, e.g. the NATS connection. */
  readiness?: ReadonlyArray<ReadinessCheck>;
  /** Run after the controllers and the lease are let go, e.g. draining NATS; in order. */
  onShutdown?: ReadonlyArray<() => Promise<void>>;
  /** Work that only the leader does besides the controllers (e.g. consuming a stream in order). */
  leaderWorkers?: ReadonlyArray<LeaderWorker>;
}

/** Started when this replica starts leading, stopped (before the controllers) on shutdown. */
export interface LeaderWorker {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface Manager {
  /** Starts the health server and the caches, then the workers once this replica leads. */
  start(): Promise<{ url: string }>;
  /** The graceful shutdown: stop taking work, finish or time out in-flight reconciles, release the lease, drain. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

/** Runs a process's controllers: health server, leader election, workers and the shutdown order. */
export function createManager(
  controllers: ReadonlyArray<Controller<ReconcilableObject>>,
  options: ManagerOptions,
  deps: ManagerDeps,
): Manager {
  const logger = deps.logger;
  const readiness: ReadinessCheck[] = [
    { name: 'caches', ready: () => controllers.every((controller) => controller.informer.hasSynced()) },
    ...(deps.readiness ?? []),
  ];
  const app = buildHealthApp({ readiness, metrics: deps.metrics, logger });
  let leading = !deps.leaderElector;
  let election: Promise<void> | undefined;
  let running: Promise<unknown> | undefined;
  let stopping: Promise<void> | undefined;

  function runControllers(): void {
    running ??= Promise.all([
      ...controllers.map((controller) => controller.run()),
      ...(deps.leaderWorkers ?? []).map((worker) =>
        worker.start().catch((error: unknown) => {
          logger.error({ err: error, worker: worker.name }, 'a leader worker failed to start; stopping');
          void stop();
        }),
      ),
    ]);
  }

  async function shutdown(): Promise<void> {
    logger.info({ timeoutMs: options.shutdownTimeoutMs }, 'shutting down');
    for (const worker of deps.leaderWorkers ?? []) {
      try {
        await worker.stop();
      } catch (error) {
        logger.warn({ err: error, worker: worker.name }, 'a leader worker did not stop cleanly');
      }
    }
    const drained = await Promise.all(controllers.map((controller) => controller.stop(options.shutdownTimeoutMs)));
    if (drained.includes(false)) logger.warn({}, 'in-flight reconciles did not finish in time; they were cancelled');
    await running;
    await deps.leaderElector?.stop();
    await election;
    for (const hook of deps.onShutdown ?? []) {
      try {
        await hook();
      } catch (error) {
        logger.warn({ err: error }, 'a shutdown step failed');
      }
    }
    await deps.tracing?.shutdown();
    await app.close();
    logger.info({}, 'stopped');
  }

  function stop(): Promise<void> {
    stopping ??= shutdown();
    return stopping;
  }

  return {
    async start() {
      const url = await app.listen({ host: options.http.host, port: options.http.port });
      for (const controller of controllers) controller.startCache();
      if (!deps.leaderElector) {
        runControllers();
      } else {
        election = deps.leaderElector.run({
          onStartedLeading: () => {
            leading = true;
            logger.info({ identity: deps.leaderElector?.identity }, 'leading: starting workers');
            runControllers();
          },
          onStoppedLeading: () => {
            leading = false;
            logger.warn({ identity: deps.leaderElector?.identity }, 'lost leadership: stopping');
            void stop();
          },
          onNewLeader: (identity) => logger.info({ leader: identity }, 'leader elected'),
        });
      }
      return { url };
    },
    stop,
    isLeader: () => leading,
  };
}

/** Calls `stop` once on the first SIGTERM or SIGINT; returns a function that removes the handlers. */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => stop(signal);
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
