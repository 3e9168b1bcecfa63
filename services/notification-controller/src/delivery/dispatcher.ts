import type { FluxEvent } from '@driftless/api';
import { lookupKind } from '@driftless/api';
import { type Bus, type EventDelivery, publishDeadLetter } from '@driftless/bus';
import { type KubeClient, type KubeObject, NotFoundError } from '@driftless/runtime';
import type { Logger } from '@driftless/telemetry';
import type { EventDedupWindow } from '../alerts/event-dedup.js';
import { type AlertObject, alertMatches, eventForAlert } from '../alerts/event-matching.js';
import { ProviderConfigError } from '../notifiers/delivery-errors.js';
import type { Notifier } from '../notifiers/notifier.js';
import { type DeliveryMetrics, DeliveryResult, EventResult } from './delivery-metrics.js';
import { type ProviderObject, type ResolvedProvider, resolveProvider } from './provider-settings.js';
import { type RetryOptions, sendWithRetry } from './retry.js';
import type { TransportPool } from './transport-pool.js';

export interface DispatcherDeps {
  client: KubeClient;
  bus: Bus;
  logger: Logger;
  alerts: () => AlertObject[];
  provider: (namespace: string, name: string) => ProviderObject | undefined;
  notifiers: ReadonlyMap<string, Notifier>;
  transports: TransportPool;
  dedup: EventDedupWindow;
  metrics: DeliveryMetrics;
}

export interface DispatcherOptions {
  retry: RetryOptions;
  /** How long a Provider's resolved Secrets are reused before they are read again. */
  settingsTtlMs: number;
  /** Aborted on shutdown: waits end and unfinished events are left for the next process. */
  signal: AbortSignal;
}

export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
}

/**
 * Sends each event to the Providers of every Alert that wants it and returns once each of them has
 * it, or has been given up on and the event stored in the dead-letter stream; only then is the event
 * acked. It throws (and the event is redelivered) on shutdown or when a dead letter cannot be stored.
 * A redelivered event skips the Providers that already took it in this process.
 */
export function createDispatcher(deps: DispatcherDeps, options: DispatcherOptions) {
  const settingsCache = new Map<string, { resolved: Promise<ResolvedProvider>; expires: number }>();
  const delivered = new Map<number, Set<string>>();

  function settingsFor(provider: ProviderObject): Promise<ResolvedProvider> {
    const key = `${provider.metadata.namespace}/${provider.metadata.name}@${provider.metadata.resourceVersion}`;
    const cached = settingsCache.get(key);
    if (cached && cached.expires > Date.now()) return cached.resolved;
    const resolved = resolveProvider(deps.client, provider);
    settingsCache.set(key, { resolved, expires: Date.now() + options.settingsTtlMs });
    resolved.catch(() => settingsCache.delete(key));
    if (settingsCache.size > 1_000) settingsCache.clear();
    return resolved;
  }

  async function labelsOf(event: FluxEvent): Promise<Record<string, string> | undefined> {
    const { kind, namespace, name, apiVersion } = event.involvedObject;
    const info = lookupKind(kind);
    if (!info) return undefined;
    const version = apiVersion?.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : info.storageVersion;
    try {
      const object = await deps.client.get<KubeObject>({ ...info, version }, namespace, name);
      return object.metadata.labels ?? {};
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async function matchingAlerts(event: FluxEvent): Promise<AlertObject[]> {
    let labels: Promise<Record<string, string> | undefined> | undefined;
    const lookup = () => {
      labels ??= labelsOf(event);
      return labels;
    };
    const matched: AlertObject[] = [];
    for (const alert of deps.alerts()) {
      try {
        if (await alertMatches(alert, event, lookup)) matched.push(alert);
      } catch (err) {
        deps.logger.error({ err, alert: `${alert.metadata.namespace}/${alert.metadata.name}` }, 'cannot match alert');
      }
    }
    return matched;
  }

  async function deliver(alert: AlertObject, event: FluxEvent, delivery: EventDelivery, done: Set<string>) {
    const namespace = alert.metadata.namespace;
    const providerName = alert.spec.providerRef.name;
    const doneKey = `${namespace}/${alert.metadata.name}/${providerName}`;
    if (done.has(doneKey)) return;
    const provider = deps.provider(namespace, providerName);
    if (provider?.spec.suspend) return;
    const type = provider?.spec.type ?? 'unknown';
    const log = deps.logger.child({
      alert: `${namespace}/${alert.metadata.name}`,
      provider: `${namespace}/${providerName}`,
      providerType: type,
      eventSequence: delivery.streamSeq,
    });
    const notifier = provider ? deps.notifiers.get(provider.spec.type) : undefined;
    const forAlert = eventForAlert(alert, event);
    const result = await sendWithRetry(
      async () => {
        if (!provider) throw new ProviderConfigError(`Provider '${namespace}/${providerName}' not found`);
        if (!notifier) throw new ProviderConfigError(`Provider type '${type}' is not supported by Driftless`);
        const resolved = await settingsFor(provider);
        notifier.validate(resolved.settings);
        await notifier.send(forAlert, resolved.settings, deps.transports.get(resolved.transport));
      },
      options.retry,
      options.signal,
      (err, attempt, delayMs) => {
        deps.metrics.delivery(type, DeliveryResult.Retried);
        log.warn({ err: { message: err.message }, attempt, retryInMs: delayMs }, 'notification failed; retrying');
      },
    );
    if (result.delivered) {
      deps.metrics.delivery(type, DeliveryResult.Delivered);
      done.add(doneKey);
      return;
    }
    if (options.signal.aborted) throw new ShutdownError('shutting down before the notification was sent');
    log.error(
      { err: { name: result.error.name, message: result.error.message }, attempts: result.attempts },
      'notification not delivered; stored in the dead-letter stream',
    );
    await publishDeadLetter(deps.bus, {
      event: forAlert,
      provider: { namespace, name: providerName, type },
      alert: { namespace, name: alert.metadata.name },
      error: result.error.message,
      attempts: result.attempts,
      failedAt: new Date().toISOString(),
      eventSequence: delivery.streamSeq,
    });
    deps.metrics.delivery(type, DeliveryResult.DeadLettered);
    done.add(doneKey);
  }

  return async function dispatch(event: FluxEvent, delivery: EventDelivery): Promise<void> {
    if (deps.dedup.isDuplicate(event, delivery.streamSeq)) {
      deps.metrics.event(EventResult.Duplicate);
      return;
    }
    const alerts = await matchingAlerts(event);
    if (alerts.length === 0) {
      deps.metrics.event(EventResult.Unmatched);
      deps.dedup.recordSent(event, delivery.streamSeq);
      return;
    }
    deps.metrics.event(EventResult.Matched);
    const done = delivered.get(delivery.streamSeq) ?? new Set<string>();
    delivered.set(delivery.streamSeq, done);
    const results = await Promise.allSettled(alerts.map((alert) => deliver(alert, event, delivery, done)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    delivered.delete(delivery.streamSeq);
    deps.dedup.recordSent(event, delivery.streamSeq);
  };
}
