import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { alertmanagerNotifier, goTitleCase } from './alertmanager.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo', uid: 'a1b2' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30.500Z',
  message: 'apply failed: Deployment/apps/podinfo invalid',
  reason: 'ReconciliationFailed',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd', summary: 'cluster prod-eu' },
  reportingController: 'kustomize-controller',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'alertmanager',
    namespace: 'flux-system',
    name: 'alertmanager',
    uid: 'provider-uid',
    address,
    headers: {},
    ...overrides,
  };
}

describe('alertmanagerNotifier', () => {
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

  it('posts one firing alert with Flux labels and the summary as an annotation', async () => {
    await alertmanagerNotifier.send(event, settingsFor(`${server.url}/api/v2/alerts`), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v2/alerts');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.json).toEqual([
      {
        status: 'firing',
        labels: {
          revision: 'main@sha1:0123abcd',
          alertname: 'FluxKustomizationReconciliationfailed',
          severity: 'error',
          reason: 'ReconciliationFailed',
          kind: 'Kustomization',
          name: 'podinfo',
          namespace: 'apps',
          reportingcontroller: 'kustomize-controller',
        },
        annotations: { message: 'apply failed: Deployment/apps/podinfo invalid', summary: 'cluster prod-eu' },
        startsAt: '2024-05-01T10:20:30Z',
      },
    ]);
  });

  it.each([
    ['a token as Bearer', { token: 't0ken' }, 'Bearer t0ken'],
    [
      'username and password as Basic, over a token',
      { token: 't0ken', username: 'flux', password: 'pa55' },
      `Basic ${Buffer.from('flux:pa55').toString('base64')}`,
    ],
  ])('authenticates with %s', async (_name, credentials, expected) => {
    await alertmanagerNotifier.send(event, settingsFor(server.url, credentials), transport);
    expect(server.requests()[0].headers.authorization).toBe(expected);
  });

  it('needs an http(s) address', () => {
    expect(() => alertmanagerNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => alertmanagerNotifier.validate(settingsFor('alertmanager:9093'))).toThrow(/http or https/);
    expect(() => alertmanagerNotifier.validate(settingsFor('http://alertmanager:9093/api/v2/alerts'))).not.toThrow();
  });
});

describe('goTitleCase', () => {
  it.each([
    ['ReconciliationFailed', 'Reconciliationfailed'],
    ['progressing', 'Progressing'],
    ['HTTP error', 'Http Error'],
    ['', ''],
  ])('%s → %s', (input, output) => {
    expect(goTitleCase(input)).toBe(output);
  });
});
