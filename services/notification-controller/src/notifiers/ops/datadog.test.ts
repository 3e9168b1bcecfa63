import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { datadogNotifier } from './datadog.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'Apps', name: 'PodInfo', uid: 'a1b2' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'Health check failed',
  reason: 'HealthCheckFailed',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'Main@sha1:ABC' },
  reportingController: 'kustomize-controller',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'datadog',
    namespace: 'flux-system',
    name: 'datadog',
    uid: 'provider-uid',
    address,
    token: 'dd-api-key-123',
    headers: {},
    ...overrides,
  };
}

describe('datadogNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;

  beforeAll(async () => {
    server = await startCaptureServer({ respond: () => ({ status: 202, body: '{"status":"ok"}' }) });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => server.clearRequests());

  it('creates an event on the site given by the address, with the API key header', async () => {
    await datadogNotifier.send(event, settingsFor(`${server.url}/ignored/path`), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v1/events');
    expect(request.headers['dd-api-key']).toBe('dd-api-key-123');
    expect(request.json).toEqual({
      title: 'Events from the Kustomization PodInfo/Apps',
      text: 'Health check failed',
      tags: [
        'flux_reporting_controller:kustomize-controller',
        'flux_reason:healthcheckfailed',
        'kube_kind:kustomization',
        'kube_name:podinfo',
        'kube_namespace:apps',
        'revision:main@sha1:abc',
      ],
      source_type_name: 'fluxcd',
      date_happened: 1714558830,
      alert_type: 'error',
    });
  });

  it('marks non-error events as info', async () => {
    await datadogNotifier.send({ ...event, severity: 'info' }, settingsFor(server.url), transport);
    expect(server.requests()[0].json).toMatchObject({ alert_type: 'info' });
  });

  it('needs the site address and an API key', () => {
    expect(() => datadogNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => datadogNotifier.validate(settingsFor('https://api.datadoghq.eu', { token: undefined }))).toThrow(
      /needs a token/,
    );
    expect(() => datadogNotifier.validate(settingsFor('https://api.datadoghq.eu'))).not.toThrow();
  });
});
