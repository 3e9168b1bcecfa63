import { ApiGroup } from '@driftless/api';
import { type Bus, consumeEvents, type EventConsumer, statusPublisher } from '@driftless/bus';
import {
  type Controller,
  type ControllerDeps,
  type ControllerOptions,
  createController,
  createManager,
  defaultInformerOptions,
  Informer,
  type LeaderElector,
  type ResourceType,
} from '@driftless/runtime';
import type { Tracing } from '@driftless/telemetry';
import type { FastifyInstance } from 'fastify';
import { EventDedupWindow } from './alerts/event-dedup.js';
import type { AlertObject } from './alerts/event-matching.js';
import { createDeliveryMetrics } from './delivery/delivery-metrics.js';
import { createDispatcher } from './delivery/dispatcher.js';
import type { ProviderObject } from './delivery/provider-settings.js';
import type { RetryOptions } from './delivery/retry.js';
import { TransportPool } from './delivery/transport-pool.js';
import type { Notifier } from './notifiers/notifier.js';
import { notifierRegistry } from './notifiers/registry.js';
import { buildReceiverApp, indexReceiversByPath } from './receivers/receiver-server.js';
import type { ReceiverObject } from './reconcilers/receiver-object.js';
import { receiverReconciler } from './reconcilers/receiver-reconciler.js';

export interface NotificationControllerOptions {
  controller: ControllerOptions;
  /** The /healthz, /readyz and /metrics server. */
  http: { host: string; port: number };
  /** The webhook receiver server. */
  receiver: { host: string; port: number; bodyLimit: number };
  durableName: string;
  eventConcurrency: number;
  /** Events of a process that died are redelivered after this long. */
  eventAckWaitMs: number;
  dedupWindowMs: number;
  retry: RetryOptions;
  shutdownTimeoutMs: number;
}

export interface NotificationControllerDeps extends ControllerDeps {
  bus: Bus;
  tracing?: Tracing;
  leaderElector?: LeaderElector;
  /** Provider types by `spec.type`; every built-in one by default. */
  notifiers?: ReadonlyMap<string, Notifier>;
}

export interface NotificationController {
  start(): Promise<{ healthUrl: string; receiverUrl: string }>;
  stop(): Promise<void>;
  readonly receivers: Controller<ReceiverObject> | undefined;
  /** The watch caches the event consumer matches against. */
  readonly alerts: Informer<AlertObject>;
  readonly providers: Informer<ProviderObject>;
}

const kindType = (kind: string, plural: string): ResourceType => ({
  group: ApiGroup.Notification,
  version: 'v1beta3',
  kind,
  plural,
  namespaced: true,
});
const providerType = kindType('Provider', 'providers');
const alertType = kindType('Alert', 'alerts');

/**
 * Alerts out (a durable consumer on the events stream, sending to Providers) and webhooks in
 * (Receivers). Only the leader consumes events, so that the events of one object keep their order;
 * every replica serves webhooks.
 */
export function createNotificationController(
  options: NotificationControllerOptions,
  deps: NotificationControllerDeps,
): NotificationController {
  const logger = deps.logger;
  const namespace = options.controller.namespace;
  const providers = new Informer<ProviderObject>(
    deps.client,
    { ...defaultInformerOptions(providerType), namespace },
    logger.child({ kind: 'Provider' }),
  );
  const alerts = new Informer<AlertObject>(
    deps.client,
    { ...defaultInformerOptions(alertType), namespace },
    logger.child({ kind: 'Alert' }),
  );
  const transports = new TransportPool();
  const consumerAbort = new AbortController();
  let consumer: EventConsumer | undefined;
  let receivers: Controller<ReceiverObject> | undefined;
  let receiverApp: FastifyInstance | undefined;
  let stopManager: (() => Promise<void>) | undefined;

  const dispatch = createDispatcher(
    {
      client: deps.client,
      bus: deps.bus,
      logger,
      alerts: () => alerts.list(),
      provider: (ns, name) => providers.get(`${ns}/${name}`),
      notifiers: deps.notifiers ?? notifierRegistry(),
      transports,
      dedup: new EventDedupWindow(options.dedupWindowMs),
      metrics: createDeliveryMetrics(deps.metrics.registry),
    },
    { retry: options.retry, settingsTtlMs: 10_000, signal: consumerAbort.signal },
  );

  const eventConsumer = {
    name: 'event-consumer',
    async start() {
      providers.start();
      alerts.start();
      const synced = await Promise.all([
        providers.waitForSync(consumerAbort.signal),
        alerts.waitForSync(consumerAbort.signal),
      ]);
      if (synced.includes(false) || consumerAbort.signal.aborted) return;
      consumer = await consumeEvents(deps.bus, {
        durableName: options.durableName,
        handler: dispatch,
        concurrency: options.eventConcurrency,
        ackWaitMs: options.eventAckWaitMs,
      });
    },
    async stop() {
      consumerAbort.abort();
      await consumer?.stop();
      await Promise.all([providers.stop(), alerts.stop()]);
      await transports.close();
    },
  };

  return {
    get receivers() {
      return receivers;
    },
    alerts,
    providers,
    async start() {
      const reconciler = receiverReconciler();
      receivers = createController<ReceiverObject, Record<string, never>>(
        {
          ...reconciler,
          afterStatusWritten: statusPublisher(deps.bus, 'Receiver'),
        },
        options.controller,
        deps,
      );
      indexReceiversByPath(receivers.informer);
      receiverApp = buildReceiverApp(
        { client: deps.client, bus: deps.bus, logger, receivers: receivers.informer },
        { bodyLimit: options.receiver.bodyLimit },
      );
      const manager = createManager(
        [receivers as never],
        { http: options.http, shutdownTimeoutMs: options.shutdownTimeoutMs },
        {
          logger,
          metrics: deps.metrics,
          tracing: deps.tracing,
          leaderElector: deps.leaderElector,
          leaderWorkers: [eventConsumer],
          readiness: [{ name: 'nats', ready: () => deps.bus.isConnected() }],
        },
      );
      stopManager = () => manager.stop();
      const { url } = await manager.start();
      const receiverUrl = await receiverApp.listen({ host: options.receiver.host, port: options.receiver.port });
      return { healthUrl: url, receiverUrl };
    },
    async stop() {
      await receiverApp?.close();
      await stopManager?.();
    },
  };
}
