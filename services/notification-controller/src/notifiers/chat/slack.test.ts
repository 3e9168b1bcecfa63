import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { slackNotifier } from './slack.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
  severity: 'info',
  timestamp: '2024-05-01T10:00:00Z',
  message: 'Reconciliation finished',
  reason: 'ReconciliationSucceeded',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc123', summary: 'east cluster' },
  reportingController: 'kustomize-controller',
};

function settings(overrides: Partial<ProviderSettings>): ProviderSettings {
  return {
    type: 'slack',
    namespace: 'flux-system',
    name: 'slack',
    uid: 'uid-1',
    address: '',
    headers: {},
    ...overrides,
  };
}

let transport: ClosableTransport;
let server: CaptureServer;
let reply: { status: number; body: string; headers?: Record<string, string> };

beforeAll(() => {
  transport = createTransport();
});
afterAll(async () => {
  await transport.close();
});
beforeEach(async () => {
  reply = { status: 200, body: 'ok' };
  server = await startCaptureServer({ respond: () => reply });
});
afterEach(async () => {
  await server.stop();
});

describe('slack incoming webhook', () => {
  it('posts an attachment with the object as author, the message as text and the metadata as fields', async () => {
    await slackNotifier.send(event, settings({ address: `${server.url}/services/T000/B000/XXX` }), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/services/T000/B000/XXX');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.json).toEqual({
      username: 'kustomize-controller',
      attachments: [
        {
          color: 'good',
          author_name: 'kustomization/podinfo.apps',
          text: 'Reconciliation finished',
          mrkdwn_in: ['text'],
          fields: [
            { title: 'revision', value: 'main@sha1:abc123', short: false },
            { title: 'summary', value: 'east cluster', short: false },
          ],
        },
      ],
    });
  });

  it('colours errors as danger and sends the configured username and channel', async () => {
    const provider = settings({ address: `${server.url}/services/T000/B000/XXX`, username: 'flux', channel: 'ops' });
    await slackNotifier.send({ ...event, severity: 'error' }, provider, transport);

    const body = server.requests()[0].json as {
      channel: string;
      username: string;
      attachments: Array<{ color: string }>;
    };
    expect(body.channel).toBe('ops');
    expect(body.username).toBe('flux');
    expect(body.attachments[0].color).toBe('danger');
  });

  it('skips commit status updates, which only Git providers act on', async () => {
    const update = { ...event, metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'update' } };
    await slackNotifier.send(update, settings({ address: `${server.url}/services/T000/B000/XXX` }), transport);
    expect(server.requests()).toHaveLength(0);
  });

  it('makes a 500 retryable and a 400 final, without the webhook path in the message', async () => {
    const provider = settings({ address: `${server.url}/services/T000/B000/XXX` });
    reply = { status: 500, body: 'oops' };
    const retryable = await slackNotifier.send(event, provider, transport).catch((err: unknown) => err);
    expect(retryable).toBeInstanceOf(DeliveryError);
    expect((retryable as DeliveryError).retryable).toBe(true);
    expect((retryable as DeliveryError).status).toBe(500);

    reply = { status: 400, body: 'invalid_payload' };
    const final = await slackNotifier.send(event, provider, transport).catch((err: unknown) => err);
    expect(final).toBeInstanceOf(DeliveryError);
    expect((final as DeliveryError).retryable).toBe(false);
    expect((final as DeliveryError).message).not.toContain('XXX');
  });

  it('adds the token as a bearer header when it posts to a webhook address', async () => {
    const provider = settings({ address: `${server.url}/services/T000/B000/XXX`, token: 'xoxb-secret' });
    await slackNotifier.send(event, provider, transport);
    expect(server.requests()[0].headers.authorization).toBe('Bearer xoxb-secret');
  });
});

describe('slack bot token (chat.postMessage)', () => {
  const botSettings = () =>
    settings({ address: `${server.url}/api/chat.postMessage`, token: 'xoxb-secret', channel: 'C0123' });

  it('posts with the bearer token and the channel', async () => {
    reply = { status: 200, body: '{"ok":true,"channel":"C0123","ts":"1.2"}' };
    await slackNotifier.send(event, botSettings(), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/chat.postMessage');
    expect(request.headers.authorization).toBe('Bearer xoxb-secret');
    expect(request.json).toMatchObject({ channel: 'C0123', username: 'kustomize-controller' });
  });

  it('turns ok:false into a final DeliveryError naming Slack’s error but not the token', async () => {
    reply = { status: 200, body: '{"ok":false,"error":"channel_not_found"}' };
    const err = await slackNotifier.send(event, botSettings(), transport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect((err as DeliveryError).message).toContain('channel_not_found');
    expect((err as DeliveryError).message).not.toContain('xoxb-secret');
  });

  it('retries ratelimited answers after the Retry-After Slack gave', async () => {
    reply = { status: 200, body: '{"ok":false,"error":"ratelimited"}', headers: { 'retry-after': '3' } };
    const err = await slackNotifier.send(event, botSettings(), transport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(true);
    expect((err as DeliveryError).retryAfterMs).toBe(3000);
  });

  it('rejects an answer that is not Slack’s JSON', async () => {
    reply = { status: 200, body: '<html>proxy</html>' };
    const err = await slackNotifier.send(event, botSettings(), transport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
  });
});

describe('slack validate', () => {
  it.each([
    ['neither address nor token', settings({}), /needs an address .* or a token/],
    ['a token without a channel', settings({ token: 'xoxb-secret' }), /needs a channel/],
    ['an address that is no URL', settings({ address: 'not a url' }), /not a valid URL/],
    ['a non-http address', settings({ address: 'ftp://example.com/hook' }), /http\(s\) URL/],
  ])('rejects %s', (_, provider, message) => {
    expect(() => slackNotifier.validate(provider)).toThrow(ProviderConfigError);
    expect(() => slackNotifier.validate(provider)).toThrow(message);
  });

  it('accepts a token with a channel and no address (chat.postMessage by default)', () => {
    expect(() => slackNotifier.validate(settings({ token: 'xoxb-secret', channel: 'ops' }))).not.toThrow();
  });

  it('accepts a webhook address without a channel', () => {
    expect(() => slackNotifier.validate(settings({ address: 'https://hooks.slack.com/services/T/B/X' }))).not.toThrow();
  });
});
