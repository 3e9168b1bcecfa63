import { type Bus, type ReconcileSubscription, subscribeReconcileRequests } from '@driftless/bus';
import {
  type Controller,
  createManager,
  type LeaderElector,
  type ManagerDeps,
  type ReconcilableObject,
} from '@driftless/runtime';
import type { ControllerMetrics, Logger, Tracing } from '@driftless/telemetry';

/** A controller and the kind whose NATS reconcile requests it answers. */
export interface ServedController {
  kind: string;
  controller: Controller<ReconcilableObject>;
  /** Told of each NATS reconcile request (`namespace/name`) before it is queued, e.g. to force a rescan. */
  onRequest?: (key: string) => void;
}

/** Controllers of any object type, served side by side (the manager only runs and stops them). */
export function servedController<T extends ReconcilableObject>(
  kind: string,
  controller: Controller<T>,
  onRequest?: (key: string) => void,
): ServedController {
  return { kind, controller: controller as unknown as Controller<ReconcilableObject>, onRequest };
}

export interface ServeOptions {
  /** The queue group of the reconcile requests: one process of a name takes each request. */
  name: string;
  http: { host: string; port: number };
  shutdownTimeoutMs: number;
}

export interface ServeDeps {
  bus: Bus;
  logger: Logger;
  metrics: ControllerMetrics;
  tracing?: Tracing;
  leaderElector?: LeaderElector;
  leaderWorkers?: ManagerDeps['leaderWorkers'];
}

export interface ServingControllers {
  healthUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs a process's controllers the way every controller runs: each answers the NATS reconcile
 * requests of its kind, and the manager (health and metrics server, leader election, workers)
 * counts the NATS connection in its readiness.
 */
export async function serveControllers(
  served: readonly ServedController[],
  options: ServeOptions,
  deps: ServeDeps,
): Promise<ServingControllers> {
  const subscriptions: ReconcileSubscription[] = served.map(({ kind, controller, onRequest }) =>
    subscribeReconcileRequests(
      deps.bus,
      kind,
      (ref) => {
        const key = `${ref.namespace}/${ref.name}`;
        onRequest?.(key);
        controller.enqueue(key);
      },
      { queue: options.name },
    ),
  );
  const manager = createManager(
    served.map(({ controller }) => controller),
    { http: options.http, shutdownTimeoutMs: options.shutdownTimeoutMs },
    {
      logger: deps.logger,
      metrics: deps.metrics,
      tracing: deps.tracing,
      leaderElector: deps.leaderElector,
      leaderWorkers: deps.leaderWorkers,
      readiness: [{ name: 'nats', ready: () => deps.bus.isConnected() }],
    },
  );
  const { url } = await manager.start();
  return {
    healthUrl: url,
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      await manager.stop();
    },
  };
}
