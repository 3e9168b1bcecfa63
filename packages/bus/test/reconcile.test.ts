import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ObjectRef,
  type ReconcileRequest,
  reconcileSubject,
  requestReconcile,
  subscribeReconcileRequests,
} from '../src/index.js';
import { testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer({ jetstream: false });
});
afterAll(async () => {
  await server.stop();
});

describe('reconcile requests', () => {
  it('delivers requests for the subscribed kind only, and survives bad payloads and handler errors', async () => {
    const t = await testBus(server);
    try {
      const got: Array<[ObjectRef, ReconcileRequest]> = [];
      const sub = subscribeReconcileRequests(t.bus, 'GitRepository', (ref, req) => {
        got.push([ref, req]);
        if (ref.name === 'explode') throw new Error('handler bug');
      });
      await t.bus.nc.flush();
      t.bus.nc.publish(reconcileSubject(t.bus.prefix, { kind: 'GitRepository', namespace: 'a', name: 'b' }), '{}');
      await requestReconcile(t.bus, 'Kustomization', 'apps', 'other');
      await requestReconcile(t.bus, 'GitRepository', 'flux-system', 'explode');
      await requestReconcile(t.bus, 'GitRepository', 'flux-system', 'podinfo.repo', {
        requestedAt: '2025-03-01T10:00:00.123456789Z',
        requestedBy: 'Receiver/flux-system/github',
      });
      await eventually(() => got.length === 2);
      expect(got[0][0]).toEqual({ kind: 'GitRepository', namespace: 'flux-system', name: 'explode' });
      expect(got[1]).toEqual([
        { kind: 'GitRepository', namespace: 'flux-system', name: 'podinfo.repo' },
        { requestedAt: '2025-03-01T10:00:00.123456789Z', requestedBy: 'Receiver/flux-system/github' },
      ]);
      await eventually(() => t.logger.at('error').length === 1);
      expect(t.logger.at('warn')).toHaveLength(1);
      expect(t.counts.get('dropped:reconcile')).toBe(1);
      expect(t.counts.get('published:reconcile')).toBe(3);
      await sub.stop();
    } finally {
      await t.bus.close();
    }
  });
});
