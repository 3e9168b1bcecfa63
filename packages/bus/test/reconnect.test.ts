import type { FluxEvent } from '@driftless/api';
import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeEvents,
  ensureTopology,
  getStatus,
  publishEvent,
  putStatus,
  type Readiness,
  watchStatus,
} from '../src/index.js';
import { testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});

const event = (message: string): FluxEvent => ({
  involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' },
  severity: 'error',
  timestamp: '2025-03-01T10:00:00Z',
  message,
  reason: 'InstallFailed',
  reportingController: 'helm-controller',
});

describe('reconnect', () => {
  it('reconnects after the server restarts on the same port and keeps JetStream data', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      await publishEvent(t.bus, 'helm-controller', event('before restart'));

      await server.restart();
      await eventually(() => t.logger.at('warn').some((r) => r.msg === 'disconnected from NATS'));
      await eventually(() => t.bus.isConnected(), { timeoutMs: 20_000 });
      expect(t.logger.at('info').some((r) => r.msg === 'reconnected to NATS')).toBe(true);

      const ref = { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' };
      await eventually(
        async () => {
          try {
            await putStatus(t.bus, ref, { ready: true, reason: 'ok', message: '', observedGeneration: 2 });
            return true;
          } catch {
            return false; // JetStream may still be recovering its store
          }
        },
        { timeoutMs: 20_000 },
      );
      expect(await getStatus(t.bus, ref)).toMatchObject({ observedGeneration: 2 });
      await publishEvent(t.bus, 'helm-controller', event('after restart'));

      const received: string[] = [];
      const consumer = await consumeEvents(t.bus, {
        durableName: 'after-restart',
        handler: (e) => {
          received.push(e.message);
        },
      });
      await eventually(() => received.length === 2);
      await consumer.stop();
      expect(received).toEqual(['before restart', 'after restart']);
    } finally {
      await t.bus.close();
    }
  });

  it('a running durable consumer resumes after a restart', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      const received: string[] = [];
      const consumer = await consumeEvents(t.bus, {
        durableName: 'across-restart',
        handler: (e) => {
          received.push(e.message);
        },
      });
      await publishEvent(t.bus, 'helm-controller', event('one'));
      await eventually(() => received.length === 1);
      await server.restart();
      await eventually(() => t.bus.isConnected(), { timeoutMs: 20_000 });
      await eventually(
        async () => {
          try {
            await publishEvent(t.bus, 'helm-controller', event('two'));
            return true;
          } catch {
            return false;
          }
        },
        { timeoutMs: 20_000 },
      );
      await eventually(() => received.includes('two'), { timeoutMs: 30_000 });
      await consumer.stop();
      expect(received[0]).toBe('one');
    } finally {
      await t.bus.close();
    }
  });

  it('a KV watch keeps delivering updates after a restart', async () => {
    const t = await testBus(server);
    try {
      await ensureTopology(t.bus);
      const ref = { kind: 'Kustomization', namespace: 'apps', name: 'web' };
      const status = (observedGeneration: number): Readiness => ({
        ready: true,
        reason: 'ReconciliationSucceeded',
        message: '',
        observedGeneration,
      });
      const watch = await watchStatus(t.bus);
      const generations: number[] = [];
      void (async () => {
        for await (const e of watch) if (e.type === 'put') generations.push(e.value.observedGeneration);
      })();
      await putStatus(t.bus, ref, status(1));
      await eventually(() => generations.includes(1));
      await server.restart();
      await eventually(() => t.bus.isConnected(), { timeoutMs: 20_000 });
      await eventually(
        async () => {
          try {
            await putStatus(t.bus, ref, status(2));
            return true;
          } catch {
            return false;
          }
        },
        { timeoutMs: 20_000 },
      );
      await eventually(() => generations.includes(2), { timeoutMs: 30_000 });
      watch.stop();
    } finally {
      await t.bus.close();
    }
  });
});
