import { Counter, type Registry } from 'prom-client';

export const DeliveryResult = { Delivered: 'delivered', Retried: 'retried', DeadLettered: 'dead_lettered' } as const;
export type DeliveryResult = (typeof DeliveryResult)[keyof typeof DeliveryResult];

export const EventResult = { Matched: 'matched', Unmatched: 'unmatched', Duplicate: 'duplicate' } as const;
export type EventResult = (typeof EventResult)[keyof typeof EventResult];

export interface DeliveryMetrics {
  delivery(providerType: string, result: DeliveryResult): void;
  event(result: EventResult): void;
}

export function createDeliveryMetrics(registry: Registry): DeliveryMetrics {
  const deliveries = new Counter({
    name: 'driftless_notification_deliveries_total',
    help: 'Notifications sent to Providers, by provider type and result (delivered, retried, dead_lettered).',
    labelNames: ['provider_type', 'result'] as const,
    registers: [registry],
  });
  const events = new Counter({
    name: 'driftless_notification_events_total',
    help: 'Events read from the events stream, by result (matched an Alert, unmatched, duplicate inside the window).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    delivery: (providerType, result) => deliveries.inc({ provider_type: providerType, result }),
    event: (result) => events.inc({ result }),
  };
}
