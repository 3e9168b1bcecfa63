import type { FluxEvent } from '@driftless/api';
import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeEvents,
  createEventPublisher,
  type EventConsumer,
  type EventDelivery,
  ensureTopology,
  eventSubject,
  MessageValidationError,
  publishEvent,
} from '../src/index.js';
import { type TestBus, testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
let t: TestBus;
const consumers: EventConsumer[] = [];

beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
  await t.bus.close();
});

function event(name: string, message: string): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', namespace: 'apps', name, apiVersion: 'kustomize.toolkit.fluxcd.io/v1' },
    severity: 'info',
    timestamp: '2025-03-01T10:00:00Z',
    message,
    reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567' },
    reportingController: 'kustomize-controller',
    reportingInstance: 'kustomize-controller-0',
  };
}

describe('events', () => {
  it('delivers, in order, every event published while the durable consumer was stopped', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const publish = createEventPublisher(t.bus, { controller: 'kustomize-controller' });
    const received: string[] = [];
    const deliveries: EventDelivery[] = [];
    const start = () =>
      consumeEvents(t.bus, {
        durableName: 'notification-controller',
        handler: (e, d) => {
          received.push(e.message);
          deliveries.push(d);
        },
      });

    let consumer = await start();
    await publish(event('my.app', 'first'));
    await eventually(() => received.length === 1);
    await consumer.stop();

    for (let i = 0; i < 10; i++) await publish(event('my.app', `while-down-${i}`));
    consumer = await start();
    consumers.push(consumer);
    await eventually(() => received.length === 11);
    expect(received).toEqual(['first', ...Array.from({ length: 10 }, (_, i) => `while-down-${i}`)]);
    expect(deliveries[0]).toMatchObject({
      controller: 'kustomize-controller',
      kind: 'Kustomization',
      namespace: 'apps',
      name: 'my.app',
      subject: `${t.bus.prefix}.events.kustomize-controller.Kustomization.apps.my=2Eapp`,
      deliveryCount: 1,
    });
    expect(t.counts.get('published:event')).toBe(11);
    expect(t.counts.get('received:event')).toBe(11);
  });

  it('redelivers an event whose handler threw', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const attempts: number[] = [];
    consumers.push(
      await consumeEvents(t.bus, {
        durableName: 'flaky',
        nakDelayMs: 50,
        handler: (_e, d) => {
          attempts.push(d.deliveryCount);
          if (d.deliveryCount < 3) throw new Error('provider unavailable');
        },
      }),
    );
    await publishEvent(t.bus, 'kustomize-controller', event('app', 'retry me'));
    await eventually(() => attempts.length === 3);
    expect(attempts).toEqual([1, 2, 3]);
    expect(t.logger.at('error').filter((r) => r.msg?.includes('redelivering'))).toHaveLength(2);
  });

  it('filters by controller and kind', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const received: string[] = [];
    consumers.push(
      await consumeEvents(t.bus, {
        durableName: 'only-helm',
        filter: { controller: 'helm-controller' },
        handler: (e) => {
          received.push(e.message);
        },
      }),
    );
    await publishEvent(t.bus, 'kustomize-controller', event('a', 'not me'));
    await publishEvent(t.bus, 'helm-controller', { ...event('b', 'me'), reportingController: 'helm-controller' });
    await eventually(() => received.length === 1);
    await publishEvent(t.bus, 'helm-controller', { ...event('c', 'me too'), reportingController: 'helm-controller' });
    await eventually(() => received.length === 2);
    expect(received).toEqual(['me', 'me too']);
  });

  it('acks and drops malformed events with a warning, and keeps consuming', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const received: string[] = [];
    consumers.push(
      await consumeEvents(t.bus, {
        durableName: 'robust',
        handler: (e) => {
          received.push(e.message);
        },
      }),
    );
    const parts = { controller: 'kustomize-controller', kind: 'Kustomization', namespace: 'apps', name: 'x' };
    const subject = eventSubject(t.bus.prefix, parts);
    await t.bus.js.publish(subject, 'not json');
    await t.bus.js.publish(subject, JSON.stringify({ ...event('x', 'bad'), severity: 'panic' }));
    await publishEvent(t.bus, 'kustomize-controller', event('x', 'good'));
    await eventually(() => received.length === 1);
    expect(received).toEqual(['good']);
    const warnings = t.logger.at('warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0].obj.subject).toBe(subject);
    expect(String(warnings[0].obj.err)).toMatch(/not valid JSON/);
    expect(String(warnings[1].obj.err)).toMatch(/severity/);
    expect(t.counts.get('dropped:event')).toBe(2);
  });

  it('dedups a retried publish and rejects an invalid event before sending', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const first = await publishEvent(t.bus, 'kustomize-controller', event('app', 'once'));
    const retry = await publishEvent(t.bus, 'kustomize-controller', event('app', 'once'));
    expect(first.duplicate).toBe(false);
    expect(retry).toMatchObject({ duplicate: true, seq: first.seq });
    await expect(
      publishEvent(t.bus, 'kustomize-controller', { ...event('app', 'x'), timestamp: 'yesterday' }),
    ).rejects.toThrow(MessageValidationError);
  });
});
