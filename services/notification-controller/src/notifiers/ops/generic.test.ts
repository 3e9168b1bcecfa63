import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { genericNotifier } from './generic.js';

const event: FluxEvent = {
  involvedObject: { kind: 'GitRepository', namespace: 'flux-system', name: 'infra', uid: 'c0ffee' },
  severity: 'info',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'stored artifact',
  reason: 'NewArtifact',
  metadata: { 'source.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd', summary: 'prod' },
  reportingController: 'source-controller',
  reportingInstance: 'source-controller-abc',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'generic',
    namespace: 'flux-system',
    name: 'webhook',
    uid: 'provider-uid',
    address,
    headers: {},
    ...overrides,
  };
}

describe('genericNotifier', () => {
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

  it('posts the event JSON with the component header and the Secret headers', async () => {
    const headers = { Authorization: 'Bearer hook-token', 'X-Team': 'platform' };
    await genericNotifier.send(event, settingsFor(`${server.url}/hooks/flux?x=1`, { headers }), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/flux?x=1');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['gotk-component']).toBe('source-controller');
    expect(request.headers.authorization).toBe('Bearer hook-token');
    expect(request.headers['x-team']).toBe('platform');
    expect(request.headers['x-signature']).toBeUndefined();
    expect(request.json).toEqual({
      involvedObject: { kind: 'GitRepository', namespace: 'flux-system', name: 'infra', uid: 'c0ffee' },
      severity: 'info',
      timestamp: '2024-05-01T10:20:30Z',
      message: 'stored artifact',
      reason: 'NewArtifact',
      metadata: { revision: 'main@sha1:0123abcd', summary: 'prod' },
      reportingController: 'source-controller',
      reportingInstance: 'source-controller-abc',
    });
  });

  it('leaves metadata out when the event has none', async () => {
    await genericNotifier.send({ ...event, metadata: undefined }, settingsFor(server.url), transport);
    expect(server.requests()[0].json).not.toHaveProperty('metadata');
  });

  it('needs an http(s) address', () => {
    expect(() => genericNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => genericNotifier.validate(settingsFor('hooks.example/flux'))).toThrow(/not a valid URL/);
    expect(() => genericNotifier.validate(settingsFor('https://hooks.example/flux'))).not.toThrow();
  });
});
