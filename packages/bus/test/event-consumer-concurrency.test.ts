import type { FluxEvent } from '@driftless/api';
import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeEvents,
  deadLetterSchema,
  ensureTopology,
  parseMessage,
  publishDeadLetter,
  publishEvent,
} from '../src/index.js';
import { testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});

const event = (name: string, message: string): FluxEvent => ({
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name },
  severity: 'info',
  timestamp: '2025-03-01T10:00:00Z',
  message,
  reason: 'ReconciliationSucceeded',
  reportingController: 'kustomize-controller',
});

describe('consumeEvents with concurrency', () => {
  it('handles different objects side by side and the events of one object in order', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      for (let i = 0; i < 10; i++) {
        for (const name of ['a', 'b', 'c'])
          await publishEvent(t.bus, 'kustomize-controller', event(name, `${name}${i}`));
      }
      const seen = new Map<string, string[]>();
      let running = 0;
      let mostAtOnce = 0;
      const consumer = await consumeEvents(t.bus, {
        durableName: 'concurrent',
        concurrency: 3,
        handler: async (e) => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
          const list = seen.get(e.involvedObject.name) ?? [];
          list.push(e.message);
          seen.set(e.involvedObject.name, list);
          running--;
        },
      });
      await eventually(() => [...seen.values()].reduce((n, l) => n + l.length, 0) === 30);
      await consumer.stop();
      for (const name of ['a', 'b', 'c']) {
        expect(seen.get(name)).toEqual(Array.from({ length: 10 }, (_, i) => `${name}${i}`));
      }
      expect(mostAtOnce).toBeGreaterThan(1);
      expect(mostAtOnce).toBeLessThanOrEqual(3);
    } finally {
      await t.bus.close();
    }
  });

  it('keeps an event whose handler outlives the ack wait, without a second delivery', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      await publishEvent(t.bus, 'kustomize-controller', event('slow', 'takes a while'));
      const deliveries: number[] = [];
      const consumer = await consumeEvents(t.bus, {
        durableName: 'slow',
        ackWaitMs: 1_000,
        handler: async (_e, d) => {
          deliveries.push(d.deliveryCount);
          await new Promise((resolve) => setTimeout(resolve, 2_500));
        },
      });
      await eventually(() => deliveries.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await consumer.stop();
      expect(deliveries).toEqual([1]);
    } finally {
      await t.bus.close();
    }
  });
});

describe('dead letters', () => {
  it('stores a dead letter once per event and Provider', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      const letter = {
        event: event('podinfo', 'failed'),
        provider: { namespace: 'apps', name: 'slack', type: 'slack' },
        alert: { namespace: 'apps', name: 'all' },
        error: 'POST https://hooks.slack.com/… answered 404',
        attempts: 5,
        failedAt: '2025-03-01T10:01:00Z',
        eventSequence: 42,
      };
      const first = await publishDeadLetter(t.bus, letter);
      const again = await publishDeadLetter(t.bus, letter);
      expect(again.seq).toBe(first.seq);
      const jsm = await t.bus.jsm();
      const stored = await jsm.streams.getMessage(`${t.bus.prefix}-dead-letters`, { seq: first.seq });
      expect(stored?.subject).toBe(`${t.bus.prefix}.deadletters.apps.slack`);
      expect(parseMessage(deadLetterSchema, stored!.subject, stored!.data)).toEqual(letter);
    } finally {
      await t.bus.close();
    }
  });
});
