import { createHmac } from 'node:crypto';
import { ReconcileRequestAnnotation } from '@driftless/api';
import { type ReconcileRequest, subscribeReconcileRequests } from '@driftless/bus';
import type { KubeObject } from '@driftless/runtime';
import { type ConditionedObject, eventually, ready, waitForObject } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gitRepositoryType,
  type NotificationHarness,
  receiverType,
  secretType,
  startNotificationHarness,
} from './harness.js';

let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotificationHarness();
});
afterAll(async () => {
  await h?.stop();
});

type ReceiverWithPath = ConditionedObject & { status?: { webhookPath?: string } };

async function receiver(namespace: string, name: string, spec: Record<string, unknown>, token = 'hook-token') {
  await h.client.create(secretType, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${name}-token`, namespace },
    stringData: { token },
  } as KubeObject);
  await h.client.create(receiverType, {
    apiVersion: 'notification.toolkit.fluxcd.io/v1',
    kind: 'Receiver',
    metadata: { name, namespace },
    spec: { secretRef: { name: `${name}-token` }, ...spec },
  } as KubeObject);
  const object = await waitForObject<ReceiverWithPath>(
    `Receiver ${namespace}/${name}`,
    async () => (await h.client.get(receiverType, namespace, name)) as unknown as ReceiverWithPath,
    (r) => {
      ready(r);
      expect(r.status?.webhookPath).toMatch(/^\/hook\/[0-9a-f]{64}$/);
    },
    { timeoutMs: 30_000 },
  );
  return object.status!.webhookPath!;
}

async function gitRepository(namespace: string, name: string, labels: Record<string, string> = {}) {
  await h.client.create(gitRepositoryType, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace, labels },
    spec: { url: 'http://127.0.0.1:1/none.git', interval: '1h', ref: { branch: 'main' } },
  } as KubeObject);
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.receiverUrl}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

const requestedAt = async (namespace: string, name: string) =>
  ((await h.client.get(gitRepositoryType, namespace, name)) as KubeObject).metadata.annotations?.[
    ReconcileRequestAnnotation
  ];

describe('receivers', () => {
  it('shows TokenNotFound until the Secret exists', async () => {
    const ns = await h.namespace();
    await h.client.create(receiverType, {
      apiVersion: 'notification.toolkit.fluxcd.io/v1',
      kind: 'Receiver',
      metadata: { name: 'early', namespace: ns },
      spec: { type: 'generic', secretRef: { name: 'later' }, resources: [{ kind: 'GitRepository', name: 'x' }] },
    } as KubeObject);
    await waitForObject<ConditionedObject>(
      'Receiver early',
      async () => (await h.client.get(receiverType, ns, 'early')) as unknown as ConditionedObject,
      (r) => {
        const condition = r.status?.conditions?.find((c) => c.type === 'Ready');
        expect(condition).toMatchObject({ status: 'False', reason: 'TokenNotFound' });
      },
      { timeoutMs: 30_000 },
    );
  });

  it('a signed generic-hmac call requests a reconcile of the selected objects, on NATS and by annotation', async () => {
    const ns = await h.namespace();
    await gitRepository(ns, 'apps-frontend', { tier: 'web' });
    await gitRepository(ns, 'apps-backend', { tier: 'api' });
    await gitRepository(ns, 'infra', { tier: 'web' });
    const path = await receiver(ns, 'hmac', {
      type: 'generic-hmac',
      resources: [{ kind: 'GitRepository', name: 'apps-*', matchLabels: { tier: 'web' } }],
    });
    const requests: Array<{ name: string; request: ReconcileRequest }> = [];
    const subscription = subscribeReconcileRequests(h.bus, 'GitRepository', (ref, request) => {
      if (ref.namespace === ns) requests.push({ name: ref.name, request });
    });
    try {
      const body = JSON.stringify({ ref: 'refs/heads/main' });
      const signature = createHmac('sha256', 'hook-token').update(body).digest('hex');
      const response = await post(path, body, { 'x-signature': `sha256=${signature}` });
      expect(response.status).toBe(200);
      await eventually(() => requests.length === 1);
      expect(requests[0]).toMatchObject({ name: 'apps-frontend', request: { requestedBy: `Receiver/${ns}/hmac` } });
      expect(await requestedAt(ns, 'apps-frontend')).toBe(requests[0].request.requestedAt);
      expect(await requestedAt(ns, 'apps-backend')).toBeUndefined();
      expect(await requestedAt(ns, 'infra')).toBeUndefined();
    } finally {
      await subscription.stop();
    }
  });

  it('refuses a bad signature with 401, an unknown path with 404 and an oversized body with 413, changing nothing', async () => {
    const ns = await h.namespace();
    await gitRepository(ns, 'repo');
    const path = await receiver(ns, 'strict', {
      type: 'generic-hmac',
      resources: [{ kind: 'GitRepository', name: 'repo' }],
    });
    const body = '{"ref":"refs/heads/main"}';
    const wrong = createHmac('sha256', 'not-the-token').update(body).digest('hex');
    expect((await post(path, body, { 'x-signature': `sha256=${wrong}` })).status).toBe(401);
    expect((await post(path, body)).status).toBe(401);
    expect((await post(`/hook/${'0'.repeat(64)}`, body)).status).toBe(404);
    expect((await post(path, 'x'.repeat(65 * 1024))).status).toBe(413);
    expect(await requestedAt(ns, 'repo')).toBeUndefined();
  });

  it('closes the old path at once when the token is rotated', async () => {
    const ns = await h.namespace();
    await gitRepository(ns, 'repo');
    const path = await receiver(ns, 'rotating', {
      type: 'generic',
      resources: [{ kind: 'GitRepository', name: 'repo' }],
    });
    await h.client.replace(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'rotating-token', namespace: ns },
      stringData: { token: 'new-token' },
    } as KubeObject);
    expect((await post(path, '{}')).status).toBe(404);
  });
});
