import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { grafanaNotifier } from './grafana.js';

const event: FluxEvent = {
  involvedObject: { kind: 'GitRepository', namespace: 'flux-system', name: 'infra', uid: 'c0ffee' },
  severity: 'info',
  timestamp: '2024-05-01T10:20:30Z',
  message: "stored artifact for commit 'Bump podinfo'",
  reason: 'NewArtifact',
  metadata: { 'source.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd' },
  reportingController: 'source-controller',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'grafana',
    namespace: 'flux-system',
    name: 'grafana',
    uid: 'provider-uid',
    address,
    headers: {},
    ...overrides,
  };
}

describe('grafanaNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;

  beforeAll(async () => {
    server = await startCaptureServer({ respond: () => ({ status: 200, body: '{"message":"Annotation added"}' }) });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => server.clearRequests());

  it('adds a tagged annotation at the event time', async () => {
    await grafanaNotifier.send(event, settingsFor(`${server.url}/api/annotations`, { token: 'glsa_x' }), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/annotations');
    expect(request.headers.authorization).toBe('Bearer glsa_x');
    expect(request.json).toEqual({
      when: 1714558830,
      time: 1714558830000,
      text: 'gitrepository/infra.flux-system',
      tags: [
        'flux',
        'source-controller',
        'revision: main@sha1|0123abcd',
        'kind: GitRepository',
        'name: infra',
        'namespace: flux-system',
      ],
    });
  });

  it.each([
    ['username and password as Basic', { username: 'admin', password: 'pw' }, `Basic ${btoa('admin:pw')}`],
    ['a token over username and password', { username: 'admin', password: 'pw', token: 'tk' }, 'Bearer tk'],
    ['nothing without credentials', {}, undefined],
  ])('authenticates with %s', async (_name, credentials, expected) => {
    await grafanaNotifier.send(event, settingsFor(server.url, credentials), transport);
    expect(server.requests()[0].headers.authorization).toBe(expected);
  });

  it('needs an address', () => {
    expect(() => grafanaNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => grafanaNotifier.validate(settingsFor('https://grafana.example/api/annotations'))).not.toThrow();
  });
});
