import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { incidentioNotifier } from './incidentio.js';

const failure: FluxEvent = {
  involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'redis', uid: '5f0c7d1e-uid' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'upgrade retries exhausted',
  reason: 'UpgradeFailed',
  metadata: { 'helm.toolkit.fluxcd.io/revision': '18.1.0' },
  reportingController: 'helm-controller',
};

const sourcePath = '/v2/alert_events/http/01HXYZALERTSOURCE';

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'incidentio',
    namespace: 'flux-system',
    name: 'incident-io',
    uid: 'provider-uid',
    address,
    token: 'inc_token',
    headers: {},
    ...overrides,
  };
}

describe('incidentioNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;

  beforeAll(async () => {
    server = await startCaptureServer({ respond: () => ({ status: 202, body: '{"status":"success"}' }) });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => server.clearRequests());

  it('fires an alert for an error and resolves it on recovery with the same key', async () => {
    await incidentioNotifier.send(failure, settingsFor(`${server.url}${sourcePath}`), transport);
    await incidentioNotifier.send(
      { ...failure, severity: 'info', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded' },
      settingsFor(`${server.url}${sourcePath}`),
      transport,
    );

    const [fired, resolved] = server.requests();
    expect(fired.method).toBe('POST');
    expect(fired.url).toBe(sourcePath);
    expect(fired.headers.authorization).toBe('Bearer inc_token');
    expect(fired.json).toEqual({
      title: 'helmrelease/redis.apps: UpgradeFailed',
      status: 'firing',
      deduplication_key: '5f0c7d1e-uid',
      description: 'upgrade retries exhausted',
      metadata: {
        revision: '18.1.0',
        severity: 'error',
        reason: 'UpgradeFailed',
        reportingController: 'helm-controller',
      },
    });
    expect(resolved.json).toMatchObject({ status: 'resolved', deduplication_key: '5f0c7d1e-uid' });
  });

  it('skips Progressing events', async () => {
    await incidentioNotifier.send(
      { ...failure, severity: 'info', reason: 'Progressing' },
      settingsFor(server.url),
      transport,
    );
    expect(server.requests()).toHaveLength(0);
  });

  it('needs the alert source URL and its token', () => {
    expect(() => incidentioNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => incidentioNotifier.validate(settingsFor('https://api.incident.io/v2/x', { token: '' }))).toThrow(
      /needs a token/,
    );
  });
});
