import type { FluxEvent } from '@driftless/api';
import { freePort, type NatsServer, startNatsServer } from '@driftless/testkit';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { createTransport } from '../transport.js';
import { natsNotifier } from './nats.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo', uid: 'a1b2' },
  severity: 'error',
  timestamp: '2024-05-01T10:20:30Z',
  message: 'apply failed',
  reason: 'ReconciliationFailed',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd' },
  reportingController: 'kustomize-controller',
};

const authorization = `authorization {
  users = [
    { user: "flux", password: "fluxpass", permissions: { publish: "flux.>", subscribe: "flux.>" } }
    { user: "reader", password: "readerpass", permissions: { publish: { deny: ">" }, subscribe: ">" } }
  ]
}`;

function settingsFor(address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'nats',
    namespace: 'flux-system',
    name: 'nats',
    uid: 'provider-uid',
    address,
    channel: 'flux.events',
    username: 'flux',
    password: 'fluxpass',
    headers: {},
    ...overrides,
  };
}

describe('natsNotifier', () => {
  let server: NatsServer;
  let subscriber: NatsConnection;
  // The NATS notifier does not use HTTP; it still receives the transport every notifier gets.
  const transport = createTransport();

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false, config: authorization });
    subscriber = await connect({ servers: server.url, user: 'flux', pass: 'fluxpass' });
  });
  afterAll(async () => {
    await subscriber?.close();
    await server?.stop();
    await transport.close();
  });

  it('publishes the event JSON to the subject', async () => {
    const subscription = subscriber.subscribe('flux.events', { max: 1 });
    await subscriber.flush();

    await natsNotifier.send(event, settingsFor(server.url), transport);

    const received: unknown[] = [];
    for await (const message of subscription) received.push(message.json());
    expect(received).toEqual([
      {
        involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo', uid: 'a1b2' },
        severity: 'error',
        timestamp: '2024-05-01T10:20:30Z',
        message: 'apply failed',
        reason: 'ReconciliationFailed',
        metadata: { revision: 'main@sha1:0123abcd' },
        reportingController: 'kustomize-controller',
      },
    ]);
  });

  it('fails for good when the server rejects the credentials, without naming the password', async () => {
    const err = await natsNotifier
      .send(event, settingsFor(server.url, { password: 'wrong-secret' }), transport)
      .catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('wrong-secret');
  });

  it('fails for good when the user may not publish to the subject', async () => {
    const settings = settingsFor(server.url, { username: 'reader', password: 'readerpass' });
    const err = await natsNotifier.send(event, settings, transport).catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/permission/i);
  });

  it('retries when the server cannot be reached', async () => {
    const closedPort = await freePort();
    const address = `nats://flux:url-secret@127.0.0.1:${closedPort}`;
    const err = await natsNotifier.send(event, settingsFor(address), transport).catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.retryable).toBe(true);
    expect(err.message).not.toContain('url-secret');
  });

  it('needs a server address and a subject', () => {
    expect(() => natsNotifier.validate(settingsFor(''))).toThrow(ProviderConfigError);
    expect(() => natsNotifier.validate(settingsFor('nats://nats:4222', { channel: undefined }))).toThrow(
      /subject in spec\.channel/,
    );
    expect(() => natsNotifier.validate(settingsFor('nats://nats:4222'))).not.toThrow();
  });
});
