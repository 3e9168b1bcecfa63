import { type NatsServer, startNatsServer } from '@driftless/testkit';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTopology, publishEvent, TopologyAction } from '../src/index.js';
import { testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});

describe('ensureTopology', () => {
  it('creates the events and dead-letter streams and the four buckets, then leaves them unchanged', async () => {
    const { bus } = await testBus(server);
    const p = bus.prefix;
    try {
      const first = await ensureTopology(bus, { eventsMaxAgeMs: 3_600_000 });
      expect(first.streams).toEqual({
        [`${p}-events`]: TopologyAction.Created,
        [`${p}-dead-letters`]: TopologyAction.Created,
      });
      expect(first.buckets).toEqual({
        [`${p}-artifacts`]: TopologyAction.Created,
        [`${p}-images`]: TopologyAction.Created,
        [`${p}-image-tags`]: TopologyAction.Created,
        [`${p}-status`]: TopologyAction.Created,
      });
      const second = await ensureTopology(bus, { eventsMaxAgeMs: 3_600_000 });
      expect(Object.values(second.streams)).toEqual(Array(2).fill(TopologyAction.Unchanged));
      expect(Object.values(second.buckets)).toEqual(Array(4).fill(TopologyAction.Unchanged));

      const jsm = await jetstreamManager(bus.nc);
      const info = await jsm.streams.info(`${p}-events`);
      expect(info.config).toMatchObject({
        subjects: [`${p}.events.>`],
        storage: 'file',
        retention: 'limits',
        max_age: 3_600_000 * 1_000_000,
        num_replicas: 1,
      });
      expect((await jsm.streams.info(`KV_${p}-status`)).config.max_msgs_per_subject).toBe(1);
    } finally {
      await bus.close();
    }
  });

  it('succeeds when two processes run it at the same time', async () => {
    const a = await testBus(server);
    const b = await testBus(server, { prefix: a.bus.prefix });
    try {
      const results = await Promise.all([ensureTopology(a.bus), ensureTopology(b.bus)]);
      for (const r of results) expect(Object.keys(r.buckets)).toHaveLength(4);
      const again = await Promise.all([ensureTopology(a.bus), ensureTopology(b.bus)]);
      for (const r of again) {
        expect([...Object.values(r.streams), ...Object.values(r.buckets)]).toEqual(
          Array(6).fill(TopologyAction.Unchanged),
        );
      }
    } finally {
      await Promise.all([a.bus.close(), b.bus.close()]);
    }
  });

  it('updates drifted config without losing data', async () => {
    const { bus } = await testBus(server);
    try {
      await ensureTopology(bus, { kvHistory: 1 });
      await publishEvent(bus, 'source-controller', {
        involvedObject: { kind: 'GitRepository', namespace: 'flux-system', name: 'repo' },
        severity: 'info',
        timestamp: '2025-01-01T00:00:00Z',
        message: 'stored artifact',
        reason: 'NewArtifact',
        reportingController: 'source-controller',
      });
      const updated = await ensureTopology(bus, { kvHistory: 5, eventsMaxAgeMs: 60_000 });
      expect(updated.streams).toEqual({
        [`${bus.prefix}-events`]: TopologyAction.Updated,
        [`${bus.prefix}-dead-letters`]: TopologyAction.Unchanged,
      });
      expect(Object.values(updated.buckets)).toEqual(Array(4).fill(TopologyAction.Updated));
      const jsm = await jetstreamManager(bus.nc);
      const events = await jsm.streams.info(`${bus.prefix}-events`);
      expect(events.state.messages).toBe(1);
      expect(events.config.max_age).toBe(60_000 * 1_000_000);
      expect((await jsm.streams.info(`KV_${bus.prefix}-artifacts`)).config.max_msgs_per_subject).toBe(5);
    } finally {
      await bus.close();
    }
  });
});
