import { createHmac } from 'node:crypto';
import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { genericHmacNotifier } from './generic-hmac.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo', uid: 'a1b2' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'apply failed: "ünïcode" <tags> & quotes',
  reason: 'ReconciliationFailed',
  reportingController: 'kustomize-controller',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'generic-hmac',
    namespace: 'flux-system',
    name: 'signed-webhook',
    uid: 'provider-uid',
    address,
    token: 'hmac-shared-key',
    headers: { 'X-Extra': 'yes' },
    ...overrides,
  };
}

describe('genericHmacNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;

  beforeAll(async () => {
    server = await startCaptureServer();
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => server.clearRequests());

  it('signs the exact body bytes with HMAC-SHA256 of the token', async () => {
    await genericHmacNotifier.send(event, settingsFor(`${server.url}/hook`), transport);

    const [request] = server.requests();
    const expected = createHmac('sha256', 'hmac-shared-key').update(request.body).digest('hex');
    expect(request.headers['x-signature']).toBe(`sha256=${expected}`);
    expect(request.headers['gotk-component']).toBe('kustomize-controller');
    expect(request.headers['x-extra']).toBe('yes');
    expect(request.json).toMatchObject({ reason: 'ReconciliationFailed', message: event.message });
  });

  it('gives a different signature under a different key', async () => {
    await genericHmacNotifier.send(event, settingsFor(server.url), transport);
    await genericHmacNotifier.send(event, settingsFor(server.url, { token: 'other-key' }), transport);
    const [first, second] = server.requests();
    expect(first.body.equals(second.body)).toBe(true);
    expect(first.headers['x-signature']).not.toBe(second.headers['x-signature']);
  });

  it('needs an address and a token', () => {
    expect(() => genericHmacNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => genericHmacNotifier.validate(settingsFor('https://hooks.example', { token: undefined }))).toThrow(
      /needs a token/,
    );
    expect(() => genericHmacNotifier.validate(settingsFor('https://hooks.example'))).not.toThrow();
  });
});
