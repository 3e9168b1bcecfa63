import { once } from 'node:events';
import { type CaptureServer, eventually, startCaptureServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kustomizationEvent,
  type NotificationHarness,
  notificationControllerMain,
  spawnService,
  startNotificationHarness,
  stopService,
} from './harness.js';

const total = 1_000;
let h: NotificationHarness;
let hook: CaptureServer;
let releaseHeld: () => void = () => undefined;
const held = new Promise<void>((resolve) => {
  releaseHeld = resolve;
});
let answered = 0;

beforeAll(async () => {
  h = await startNotificationHarness({ inProcess: false });
  // The stand-in webhook answers 300 requests, then holds every answer until the test lets go: the
  // controller is killed with deliveries in flight.
  hook = await startCaptureServer({
    respond: async () => {
      answered += 1;
      if (answered > 300) await held;
      return { status: 200, body: 'ok' };
    },
  });
});
afterAll(async () => {
  releaseHeld();
  await hook?.stop();
  await h?.stop();
});

function startController() {
  return spawnService(notificationControllerMain, {
    KUBECONFIG: h.cluster.kubeconfigPath,
    NATS_URL: h.nats.url,
    DRIFTLESS_NATS_PREFIX: h.prefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    RECEIVER_HOST: '127.0.0.1',
    RECEIVER_PORT: '0',
    LEADER_ELECT: 'false',
    LOG_FORMAT: 'json',
    EVENT_ACK_WAIT: '2s',
    DELIVERY_RETRY_DELAY: '100ms',
  });
}

const deliveredMessages = () =>
  new Set(hook.requests().map((request) => (request.json as { message: string }).message));

describe('no alert lost', () => {
  it('delivers all 1,000 events when the controller is killed in the middle and restarted', async () => {
    const ns = await h.namespace();
    await h.provider(ns, 'webhook', { type: 'generic', address: `${hook.url}/events` });
    await h.alert(ns, 'everything', {
      providerRef: { name: 'webhook' },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
    });
    let first = startController();
    try {
      for (let batch = 0; batch < total; batch += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            h.publish(kustomizationEvent(ns, `app-${(batch + i) % 20}`, { message: `event ${batch + i}` })),
          ),
        );
      }
      await eventually(() => answered > 300, { timeoutMs: 60_000 });
      await stopService(first.child, 'SIGKILL');
      const beforeCrash = deliveredMessages().size;
      expect(beforeCrash).toBeGreaterThanOrEqual(300);
      expect(beforeCrash).toBeLessThan(total);

      releaseHeld();
      first = startController();
      await eventually(() => deliveredMessages().size === total, { timeoutMs: 90_000 });
      const expected = Array.from({ length: total }, (_, i) => `event ${i}`);
      expect([...deliveredMessages()].sort()).toEqual(expected.sort());
      const exited = once(first.child, 'exit');
      first.child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      console.info(
        `crash-restart: ${beforeCrash} delivered before the kill, ${hook.requests().length - total} sent twice (at-least-once)`,
      );
    } finally {
      await stopService(first.child);
    }
  }, 180_000);
});
