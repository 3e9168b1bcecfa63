import type { FluxEvent } from '@driftless/api';
import { type CapturedRequest, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { parseDsn, sentryAuthHeader, sentryNotifier } from './sentry.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo', uid: 'a1b2' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'apply failed',
  reason: 'ReconciliationFailed',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd' },
  reportingController: 'kustomize-controller',
  reportingInstance: 'kustomize-controller-7d9f',
};

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'sentry',
    namespace: 'flux-system',
    name: 'sentry',
    uid: 'provider-uid',
    address,
    channel: 'production',
    headers: {},
    ...overrides,
  };
}

/** Splits an envelope into its envelope header, item header and item payload. */
function readEnvelope(request: CapturedRequest) {
  const [header, itemHeader, payload, rest] = request.body.toString('utf8').split('\n');
  expect(rest).toBe('');
  return {
    header: JSON.parse(header),
    itemHeader: JSON.parse(itemHeader),
    payloadText: payload,
    payload: JSON.parse(payload),
  };
}

describe('sentryNotifier', () => {
  let server: CaptureServer;
  let transport: ClosableTransport;
  let replyStatus = 200;

  beforeAll(async () => {
    server = await startCaptureServer({ respond: () => ({ status: replyStatus, body: '{"id":"x"}' }) });
    transport = createTransport();
  });
  afterAll(async () => {
    await transport.close();
    await server.stop();
  });
  afterEach(() => {
    server.clearRequests();
    replyStatus = 200;
  });

  const dsn = () => `http://publickey123@127.0.0.1:${server.port}/sentry/42`;

  it('sends an error as a Sentry error event in an envelope', async () => {
    await sentryNotifier.send(event, settingsFor(dsn()), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/sentry/api/42/envelope/');
    expect(request.headers['content-type']).toBe('application/x-sentry-envelope');
    expect(request.headers['x-sentry-auth']).toBe(
      'Sentry sentry_version=7, sentry_client=driftless-notification-controller, sentry_key=publickey123',
    );
    const { header, itemHeader, payload, payloadText } = readEnvelope(request);
    expect(header.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isNaN(Date.parse(header.sent_at))).toBe(false);
    expect(itemHeader).toEqual({ type: 'event', length: Buffer.byteLength(payloadText) });
    expect(payload).toEqual({
      event_id: header.event_id,
      platform: 'other',
      timestamp: '2024-05-01T10:20:30Z',
      message: 'apply failed',
      transaction: 'Kustomization: apps/podinfo',
      environment: 'production',
      level: 'error',
      server_name: 'kustomize-controller',
      extra: { revision: 'main@sha1:0123abcd' },
    });
  });

  it('sends an info event as a transaction with Flux tags', async () => {
    await sentryNotifier.send(
      { ...event, severity: 'info', reason: 'ReconciliationSucceeded' },
      settingsFor(dsn()),
      transport,
    );

    const { itemHeader, payload } = readEnvelope(server.requests()[0]);
    expect(itemHeader.type).toBe('transaction');
    expect(payload).toMatchObject({
      type: 'transaction',
      transaction: 'Kustomization: apps/podinfo',
      message: 'apply failed',
      timestamp: '2024-05-01T10:20:30Z',
      start_timestamp: '2024-05-01T10:20:30Z',
      environment: 'production',
      spans: [],
      tags: {
        flux_involved_object_kind: 'Kustomization',
        flux_involved_object_namespace: 'apps',
        flux_involved_object_name: 'podinfo',
        flux_reporting_controller: 'kustomize-controller',
        flux_reporting_instance: 'kustomize-controller-7d9f',
        flux_reason: 'ReconciliationSucceeded',
        revision: 'main@sha1:0123abcd',
      },
    });
    expect(payload.contexts.trace.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(payload.contexts.trace.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(payload.contexts.trace.op).toBe('event');
    expect(payload.level).toBeUndefined();
  });

  it('drops trace events', async () => {
    await sentryNotifier.send({ ...event, severity: 'trace' }, settingsFor(dsn()), transport);
    expect(server.requests()).toHaveLength(0);
  });

  it('reports a refusal without the DSN key', async () => {
    replyStatus = 403;
    const err = await sentryNotifier.send(event, settingsFor(dsn()), transport).catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('publickey123');
  });

  it('needs a DSN with a public key and a project', () => {
    expect(() => sentryNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => sentryNotifier.validate(settingsFor('https://o1.ingest.sentry.io/42'))).toThrow(/public key/);
    expect(() => sentryNotifier.validate(settingsFor('https://key@o1.ingest.sentry.io/'))).toThrow(/project ID/);
    expect(() => sentryNotifier.validate(settingsFor('sentry dsn'))).toThrow(/not a valid DSN/);
    expect(() => sentryNotifier.validate(settingsFor('https://key@o1.ingest.sentry.io/42'))).not.toThrow();
  });
});

describe('parseDsn', () => {
  it.each([
    [
      'https://abc@o1.ingest.sentry.io/42',
      { envelopeUrl: 'https://o1.ingest.sentry.io/api/42/envelope/', publicKey: 'abc', projectId: '42' },
    ],
    [
      'http://abc:s3cr3t@sentry.internal:9000/prefix/7',
      {
        envelopeUrl: 'http://sentry.internal:9000/prefix/api/7/envelope/',
        publicKey: 'abc',
        secretKey: 's3cr3t',
        projectId: '7',
      },
    ],
  ])('%s', (dsn, parsed) => {
    expect(parseDsn(dsn)).toEqual(parsed);
  });

  it('adds the legacy secret to the auth header only when the DSN has one', () => {
    expect(sentryAuthHeader(parseDsn('http://abc:s3cr3t@sentry.internal/7'))).toBe(
      'Sentry sentry_version=7, sentry_client=driftless-notification-controller, sentry_key=abc, sentry_secret=s3cr3t',
    );
  });
});
