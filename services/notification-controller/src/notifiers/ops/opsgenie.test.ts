import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { opsgenieNotifier } from './opsgenie.js';

const event: FluxEvent = {
  involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'redis', uid: 'f1e2d3c4' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'install retries exhausted',
  reason: 'InstallFailed',
  metadata: { 'helm.toolkit.fluxcd.io/revision': '18.1.0', summary: 'prod-eu' },
  reportingController: 'helm-controller',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'opsgenie',
    namespace: 'flux-system',
    name: 'opsgenie',
    uid: 'provider-uid',
    address,
    token: 'genie-api-key',
    headers: {},
    ...overrides,
  };
}

describe('opsgenieNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;

  beforeAll(async () => {
    server = await startCaptureServer({
      respond: () => ({ status: 202, body: '{"result":"Request will be processed"}' }),
    });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => server.clearRequests());

  it('creates an alert with the API key as GenieKey', async () => {
    await opsgenieNotifier.send(event, settingsFor(`${server.url}/v2/alerts`), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/alerts');
    expect(request.headers.authorization).toBe('GenieKey genie-api-key');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      message: 'HelmRelease/redis',
      description: 'install retries exhausted',
      details: { revision: '18.1.0', summary: 'prod-eu', severity: 'error' },
    });
  });

  it('needs an address and an API key', () => {
    expect(() => opsgenieNotifier.validate(settingsFor('https://api.opsgenie.com/v2/alerts'))).not.toThrow();
    expect(() => opsgenieNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => opsgenieNotifier.validate(settingsFor(''))).toThrow(/needs an address/);
    expect(() => opsgenieNotifier.validate(settingsFor('https://api.opsgenie.com', { token: undefined }))).toThrow(
      /needs a token/,
    );
  });
});
