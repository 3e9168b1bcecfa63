import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { pagerdutyNotifier, splitCamelCase } from './pagerduty.js';

const routingKey = 'R0UTINGKEY0000000000000000000000';

function failureEvent(overrides: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: {
      kind: 'Kustomization',
      namespace: 'apps',
      name: 'podinfo',
      uid: '2c5b9a8e-55f1-4bd4-9f0e-1f7b0e6d7a10',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    },
    severity: 'error',
    timestamp: '2024-05-01T10:20:30.123Z',
    message: 'health check failed after 30s',
    reason: 'HealthCheckFailed',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd' },
    reportingController: 'kustomize-controller',
    ...overrides,
  };
}

const recovery = (): FluxEvent =>
  failureEvent({ severity: 'info', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished' });

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'pagerduty',
    namespace: 'flux-system',
    name: 'on-call',
    uid: 'provider-uid',
    address,
    channel: routingKey,
    headers: {},
    ...overrides,
  };
}

describe('pagerdutyNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;
  let replyStatus = 202;

  beforeAll(async () => {
    server = await startCaptureServer({ respond: () => ({ status: replyStatus, body: '{"status":"success"}' }) });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  beforeEach(() => {
    replyStatus = 202;
  });
  afterEach(() => server.clearRequests());

  it('triggers an alert for an error, keyed by the object UID', async () => {
    await pagerdutyNotifier.send(failureEvent(), settingsFor(server.url), transport);

    const [request, ...rest] = server.requests();
    expect(rest).toHaveLength(0);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/enqueue');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: '2c5b9a8e-55f1-4bd4-9f0e-1f7b0e6d7a10',
      payload: {
        summary: 'health check failed: kustomization/podinfo',
        source: 'Flux kustomize-controller',
        severity: 'error',
        timestamp: '2024-05-01T10:20:30Z',
        component: 'podinfo',
        group: 'Kustomization',
        custom_details: { message: 'health check failed after 30s', metadata: { revision: 'main@sha1:0123abcd' } },
      },
    });
  });

  it('resolves the same incident on recovery and records a change event', async () => {
    await pagerdutyNotifier.send(failureEvent(), settingsFor(server.url), transport);
    await pagerdutyNotifier.send(recovery(), settingsFor(server.url), transport);

    const [trigger, resolve, change] = server.requests();
    expect(server.requests()).toHaveLength(3);
    expect(resolve.url).toBe('/v2/enqueue');
    expect(resolve.json).toEqual({
      routing_key: routingKey,
      event_action: 'resolve',
      dedup_key: (trigger.json as { dedup_key: string }).dedup_key,
    });
    expect(change.url).toBe('/v2/change/enqueue');
    expect(change.json).toEqual({
      routing_key: routingKey,
      payload: {
        summary: 'reconciliation succeeded: kustomization/podinfo',
        source: 'Flux kustomize-controller',
        timestamp: '2024-05-01T10:20:30Z',
        custom_details: { message: 'Reconciliation finished', metadata: { revision: 'main@sha1:0123abcd' } },
      },
    });
  });

  it('keeps only the scheme and host of the address', async () => {
    await pagerdutyNotifier.send(failureEvent(), settingsFor(`${server.url}/custom/prefix?x=1`), transport);
    expect(server.requests().map((r) => r.url)).toEqual(['/v2/enqueue']);
  });

  it('falls back to kind/namespace/name as the dedup key when the object has no UID', async () => {
    const event = failureEvent();
    event.involvedObject = { ...event.involvedObject, uid: undefined };
    await pagerdutyNotifier.send(event, settingsFor(server.url), transport);
    expect((server.requests()[0].json as { dedup_key: string }).dedup_key).toBe('Kustomization/apps/podinfo');
  });

  it('skips Progressing events', async () => {
    await pagerdutyNotifier.send(
      failureEvent({ severity: 'info', reason: 'Progressing' }),
      settingsFor(server.url),
      transport,
    );
    expect(server.requests()).toHaveLength(0);
  });

  it('makes a 500 answer retryable and a 400 answer final', async () => {
    replyStatus = 500;
    const serverError = await pagerdutyNotifier
      .send(failureEvent(), settingsFor(server.url), transport)
      .catch((e) => e);
    expect(serverError).toBeInstanceOf(DeliveryError);
    expect(serverError).toMatchObject({ retryable: true, status: 500 });

    replyStatus = 400;
    const badRequest = await pagerdutyNotifier.send(failureEvent(), settingsFor(server.url), transport).catch((e) => e);
    expect(badRequest).toBeInstanceOf(DeliveryError);
    expect(badRequest).toMatchObject({ retryable: false, status: 400 });
    expect(String(badRequest.message)).not.toContain(routingKey);
  });

  it('validates the routing key and the address', () => {
    expect(() => pagerdutyNotifier.validate(settingsFor(''))).not.toThrow();
    expect(() => pagerdutyNotifier.validate(settingsFor('', { channel: undefined }))).toThrow(ProviderConfigError);
    expect(() => pagerdutyNotifier.validate(settingsFor('', { channel: undefined }))).toThrow(/spec\.channel/);
    expect(() => pagerdutyNotifier.validate(settingsFor('not a url'))).toThrow(/not a valid URL/);
    expect(() => pagerdutyNotifier.validate(settingsFor('ftp://events.example'))).toThrow(/http or https/);
  });
});

describe('splitCamelCase', () => {
  it.each([
    ['ReconciliationSucceeded', ['Reconciliation', 'Succeeded']],
    ['HealthCheckFailed', ['Health', 'Check', 'Failed']],
    ['HTTPError', ['HTTP', 'Error']],
    ['ArtifactV2Failed', ['Artifact', 'V', '2', 'Failed']],
    ['Progressing', ['Progressing']],
    ['', []],
  ])('%s', (input, words) => {
    expect(splitCamelCase(input)).toEqual(words);
  });
});
