import { createHmac } from 'node:crypto';
import { type CaptureServer, eventually, startCaptureServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kustomizationEvent, type NotificationHarness, startNotificationHarness } from './harness.js';

let h: NotificationHarness;
const servers: CaptureServer[] = [];

beforeAll(async () => {
  h = await startNotificationHarness();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await h?.stop();
});

async function capture(options: Parameters<typeof startCaptureServer>[0] = {}): Promise<CaptureServer> {
  const server = await startCaptureServer(options);
  servers.push(server);
  return server;
}

describe('alerts to providers', () => {
  it('sends the event JSON to a generic-hmac webhook, signed, with the Secret headers and the Alert summary', async () => {
    const ns = await h.namespace();
    const hook = await capture();
    await h.provider(
      ns,
      'webhook',
      { type: 'generic-hmac', address: `${hook.url}/flux` },
      { token: 's3cret', headers: 'X-Team: platform\n' },
    );
    await h.alert(ns, 'all', {
      providerRef: { name: 'webhook' },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
      summary: 'production cluster',
      eventMetadata: { cluster: 'prod-eu' },
    });
    const event = kustomizationEvent(ns, 'podinfo');
    await h.publish(event);

    const [request] = await hook.waitForRequests(1);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/flux');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['gotk-component']).toBe('kustomize-controller');
    expect(request.headers['x-team']).toBe('platform');
    const signature = createHmac('sha256', 's3cret').update(request.body).digest('hex');
    expect(request.headers['x-signature']).toBe(`sha256=${signature}`);
    expect(request.json).toMatchObject({
      involvedObject: { kind: 'Kustomization', namespace: ns, name: 'podinfo' },
      severity: 'info',
      message: event.message,
      reason: 'ReconciliationSucceeded',
      reportingController: 'kustomize-controller',
      metadata: { summary: 'production cluster', cluster: 'prod-eu' },
    });
  });

  it('retries a receiver that answers 500 twice, and it gets the event once', async () => {
    const ns = await h.namespace();
    let calls = 0;
    const hook = await capture({
      respond: () => (++calls <= 2 ? { status: 500, body: 'busy' } : { status: 200, body: 'ok' }),
    });
    await h.provider(ns, 'flaky', { type: 'generic', address: `${hook.url}/hook` });
    await h.alert(ns, 'flaky', {
      providerRef: { name: 'flaky' },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
    });
    await h.publish(kustomizationEvent(ns, 'app', { message: 'the only event' }));

    await hook.waitForRequests(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const accepted = hook.requests().filter((request) => request.status === 200);
    expect(hook.requests().map((request) => request.status)).toEqual([500, 500, 200]);
    expect(accepted).toHaveLength(1);
    expect((accepted[0].json as { message: string }).message).toBe('the only event');
  });

  it('honours Retry-After on a 429 instead of its own backoff', async () => {
    const ns = await h.namespace();
    let calls = 0;
    const hook = await capture({
      respond: () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 }),
    });
    await h.provider(ns, 'limited', { type: 'generic', address: hook.url });
    await h.alert(ns, 'limited', {
      providerRef: { name: 'limited' },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
    });
    await h.publish(kustomizationEvent(ns, 'app'));
    const [first, second] = await hook.waitForRequests(2);
    expect([first.status, second.status]).toEqual([429, 200]);
    // The harness backs off 40-60 ms on its own; the service asked for no wait at all.
    expect(h.logs.some((line) => line.includes('"retryInMs":0'))).toBe(true);
  });

  it('stores an event a Provider refuses in the dead-letter stream, and logs it without the webhook secret', async () => {
    const ns = await h.namespace();
    const hook = await capture({ respond: () => ({ status: 404, body: 'no_service' }) });
    await h.provider(ns, 'slack', { type: 'slack' }, { address: `${hook.url}/services/T000/B000/SECRETPART` });
    await h.alert(ns, 'failures', {
      providerRef: { name: 'slack' },
      eventSeverity: 'error',
      eventSources: [{ kind: 'Kustomization', name: 'app' }],
    });
    await h.publish(
      kustomizationEvent(ns, 'app', { severity: 'error', reason: 'BuildFailed', message: 'kustomize build failed' }),
    );

    await eventually(async () => (await h.deadLetters()).some((letter) => letter.provider.namespace === ns));
    const letter = (await h.deadLetters()).find((entry) => entry.provider.namespace === ns)!;
    expect(letter).toMatchObject({
      provider: { namespace: ns, name: 'slack', type: 'slack' },
      alert: { namespace: ns, name: 'failures' },
      attempts: 1,
      event: { message: 'kustomize build failed', severity: 'error' },
    });
    expect(letter.error).toContain('404');
    expect(hook.requests()).toHaveLength(1);
    const logged = h.logs.filter((line) => line.includes('dead-letter'));
    expect(logged.length).toBeGreaterThan(0);
    expect(h.logs.join('\n')).not.toContain('SECRETPART');
  });

  it('filters by severity, name wildcards, labels and the inclusion and exclusion lists, and sends identical events once', async () => {
    const ns = await h.namespace();
    const hook = await capture();
    await h.provider(ns, 'hook', { type: 'generic', address: hook.url });
    await h.client.create(
      {
        group: 'kustomize.toolkit.fluxcd.io',
        version: 'v1',
        kind: 'Kustomization',
        plural: 'kustomizations',
        namespaced: true,
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'team-a-web', namespace: ns, labels: { team: 'a' } },
        spec: { interval: '1h', path: './', prune: false, sourceRef: { kind: 'GitRepository', name: 'repo' } },
      },
    );
    await h.alert(ns, 'team-a', {
      providerRef: { name: 'hook' },
      eventSources: [{ kind: 'Kustomization', name: 'team-a-*', matchLabels: { team: 'a' } }],
      inclusionList: ['^deploy'],
      exclusionList: ['skip me'],
    });
    const send = (name: string, message: string) => h.publish(kustomizationEvent(ns, name, { message }));
    await send('team-a-web', 'deployed v1');
    await send('team-a-web', 'deployed v1');
    await send('team-a-web', 'not a deploy');
    await send('team-a-web', 'deployed but skip me');
    await send('team-a-api', 'deployed v1');
    await send('team-b-web', 'deployed v1');
    await send('team-a-web', 'deployed v2');

    await hook.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hook.requests().map((request) => (request.json as { message: string }).message)).toEqual([
      'deployed v1',
      'deployed v2',
    ]);
  });
});
