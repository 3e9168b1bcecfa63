import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { githubDispatchNotifier, parseRepositoryAddress } from './github-dispatch.js';

const event: FluxEvent = {
  involvedObject: {
    kind: 'Kustomization',
    namespace: 'apps',
    name: 'podinfo',
    uid: 'a1b2',
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  },
  severity: 'info',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'Reconciliation finished',
  reason: 'ReconciliationSucceeded',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd' },
  reportingController: 'kustomize-controller',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'githubdispatch',
    namespace: 'flux-system',
    name: 'github',
    uid: 'provider-uid',
    address,
    token: 'ghp_token',
    headers: {},
    ...overrides,
  };
}

describe('githubDispatchNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;

  beforeAll(async () => {
    server = await startCaptureServer({ respond: () => ({ status: 204 }) });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => server.clearRequests());

  it('dispatches the event to the repository through the enterprise API path', async () => {
    await githubDispatchNotifier.send(event, settingsFor(`${server.url}/org/app.git`), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v3/repos/org/app/dispatches');
    expect(request.headers.authorization).toBe('Bearer ghp_token');
    expect(request.headers.accept).toBe('application/vnd.github+json');
    expect(request.headers['x-github-api-version']).toBe('2022-11-28');
    expect(request.headers['user-agent']).toBeTruthy();
    expect(request.json).toEqual({
      event_type: 'Kustomization/podinfo.apps',
      client_payload: {
        involvedObject: {
          kind: 'Kustomization',
          namespace: 'apps',
          name: 'podinfo',
          uid: 'a1b2',
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        },
        severity: 'info',
        timestamp: '2024-05-01T10:20:30Z',
        message: 'Reconciliation finished',
        reason: 'ReconciliationSucceeded',
        metadata: { revision: 'main@sha1:0123abcd' },
        reportingController: 'kustomize-controller',
      },
    });
  });

  it('needs a repository address and a token', () => {
    expect(() => githubDispatchNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => githubDispatchNotifier.validate(settingsFor('https://github.com/org/app', { token: '' }))).toThrow(
      /needs a token/,
    );
    expect(() => githubDispatchNotifier.validate(settingsFor('https://github.com/org/app'))).not.toThrow();
  });
});

describe('parseRepositoryAddress', () => {
  it.each([
    ['https://github.com/org/app', { apiBase: 'https://api.github.com', owner: 'org', repo: 'app' }],
    ['https://github.com/org/app.git', { apiBase: 'https://api.github.com', owner: 'org', repo: 'app' }],
    ['ssh://git@github.com/org/app.git', { apiBase: 'https://api.github.com', owner: 'org', repo: 'app' }],
    ['git@github.com:org/app.git', { apiBase: 'https://api.github.com', owner: 'org', repo: 'app' }],
    ['https://ghe.corp.example/team/svc', { apiBase: 'https://ghe.corp.example/api/v3', owner: 'team', repo: 'svc' }],
    ['git@ghe.corp.example:team/svc.git', { apiBase: 'https://ghe.corp.example/api/v3', owner: 'team', repo: 'svc' }],
    ['http://127.0.0.1:8080/team/svc', { apiBase: 'http://127.0.0.1:8080/api/v3', owner: 'team', repo: 'svc' }],
  ])('%s', (address, target) => {
    expect(parseRepositoryAddress(address)).toEqual(target);
  });

  it.each([
    ['https://github.com/org'],
    ['https://github.com/org/group/app'],
    ['ftp://github.com/org/app'],
    ['not a url'],
  ])('rejects %s', (address) => {
    expect(() => parseRepositoryAddress(address)).toThrow(ProviderConfigError);
  });
});
