import type { FluxEvent } from '@driftless/api';
import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents, createEventOutbox, ensureTopology } from '../src/index.js';
import { testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});

const event = (message: string): FluxEvent => ({
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
  severity: 'info',
  timestamp: '2025-03-01T10:00:00Z',
  message,
  reason: 'ReconciliationSucceeded',
  reportingController: 'kustomize-controller',
});

describe('event outbox', () => {
  it('holds events emitted while NATS is down and stores each once, in order, when it is back', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      const outbox = createEventOutbox(t.bus, { controller: 'kustomize-controller', retryDelayMs: 50 });
      await outbox.publish(event('before the outage'));
      await eventually(() => outbox.pending() === 0);

      await server.kill();
      for (let i = 0; i < 20; i++) await outbox.publish(event(`during the outage ${i}`));
      expect(outbox.pending()).toBe(20);
      await server.restart();
      await eventually(() => outbox.pending() === 0, { timeoutMs: 30_000 });

      const received: string[] = [];
      const consumer = await consumeEvents(t.bus, {
        durableName: 'outbox-check',
        handler: (e) => {
          received.push(e.message);
        },
      });
      await eventually(() => received.length >= 21);
      await consumer.stop();
      expect(received).toEqual([
        'before the outage',
        ...Array.from({ length: 20 }, (_, i) => `during the outage ${i}`),
      ]);
      expect(await outbox.close(1_000)).toBe(true);
      expect(outbox.dropped()).toBe(0);
    } finally {
      await t.bus.close();
    }
  });

  it('drops the oldest event, and says so, when more than maxPending are waiting', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      const outbox = createEventOutbox(t.bus, { controller: 'kustomize-controller', maxPending: 3 });
      await server.kill();
      for (let i = 0; i < 5; i++) await outbox.publish(event(`e${i}`));
      expect(outbox.pending()).toBe(3);
      expect(outbox.dropped()).toBe(2);
      expect(t.logger.at('error').some((r) => r.msg === 'event outbox full; dropped the oldest event')).toBe(true);
      await server.restart();
      expect(await outbox.close(30_000)).toBe(true);
    } finally {
      await t.bus.close();
    }
  });
});
