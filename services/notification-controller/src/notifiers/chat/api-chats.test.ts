import type { FluxEvent } from '@driftless/api';
import { type CaptureReply, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { matrixNotifier, matrixTransactionId } from './matrix.js';
import { escapeMarkdownV2, telegramNotifier } from './telegram.js';
import { webexNotifier } from './webex.js';
import { zulipNotifier } from './zulip.js';

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
  severity: 'info',
  timestamp: '2024-05-01T10:00:00Z',
  message: 'Applied revision main@sha1:abc',
  reason: 'ReconciliationSucceeded',
  metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc', summary: 'east' },
  reportingController: 'kustomize-controller',
};
const failed: FluxEvent = { ...event, severity: 'error', message: 'health check failed' };

function settings(type: ProviderSettings['type'], overrides: Partial<ProviderSettings>): ProviderSettings {
  return { type, namespace: 'flux-system', name: type, uid: 'uid-1', address: '', headers: {}, ...overrides };
}

let transport: ClosableTransport;
let server: CaptureServer;
let reply: CaptureReply;

beforeAll(() => {
  transport = createTransport();
});
afterAll(async () => {
  await transport.close();
});
beforeEach(async () => {
  reply = { status: 200, body: '{}' };
  server = await startCaptureServer({ respond: () => reply });
});
afterEach(async () => {
  await server.stop();
});

describe('webex', () => {
  const provider = () =>
    settings('webex', { address: `${server.url}/v1/messages`, channel: 'room-1', token: 'webex-secret' });

  it('posts markdown to the room with the bot token', async () => {
    await webexNotifier.send(event, provider(), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/messages');
    expect(request.headers.authorization).toBe('Bearer webex-secret');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      roomId: 'room-1',
      markdown:
        '✅ **kustomization/podinfo.apps**\nApplied revision main@sha1:abc\n>**revision**: main@sha1:abc\n>**summary**: east\n',
    });
  });

  it('marks errors with a bomb', async () => {
    await webexNotifier.send(failed, provider(), transport);
    expect((server.requests()[0].json as { markdown: string }).markdown).toMatch(/^💣 \*\*kustomization/);
  });

  it.each([
    ['a room', { token: 'webex-secret' }, /needs a channel/],
    ['a token', { channel: 'room-1' }, /needs a token/],
  ])('needs %s', (_, overrides, message) => {
    expect(() => webexNotifier.validate(settings('webex', overrides))).toThrow(ProviderConfigError);
    expect(() => webexNotifier.validate(settings('webex', overrides))).toThrow(message);
  });
});

describe('telegram', () => {
  const provider = (channel = '-100123') => settings('telegram', { address: server.url, channel, token: '123:ABC' });

  it('calls sendMessage with the bot token in the path and MarkdownV2 text', async () => {
    reply = { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };
    await telegramNotifier.send(event, provider(), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/bot123:ABC/sendMessage');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      chat_id: '-100123',
      parse_mode: 'MarkdownV2',
      text:
        '*💫 kustomization/podinfo/apps*\n' +
        'Applied revision main@sha1:abc\n' +
        '\\- *revision*: main@sha1:abc\n' +
        '\\- *summary*: east\n',
    });
  });

  it('sends the thread of a forum topic given as <chat>:<thread>', async () => {
    reply = { status: 200, body: '{"ok":true}' };
    await telegramNotifier.send(failed, provider('-100123:42'), transport);
    expect(server.requests()[0].json).toMatchObject({ chat_id: '-100123', message_thread_id: '42' });
    expect((server.requests()[0].json as { text: string }).text).toMatch(/^\*🚨 /);
  });

  it('escapes every MarkdownV2 special character', () => {
    expect(escapeMarkdownV2('a_b*c[d]e(f)g~h`i>j#k+l-m=n|o{p}q.r!s\\t')).toBe(
      'a\\_b\\*c\\[d\\]e\\(f\\)g\\~h\\`i\\>j\\#k\\+l\\-m\\=n\\|o\\{p\\}q\\.r\\!s\\\\t',
    );
  });

  it('turns ok:false into a final DeliveryError without the token', async () => {
    reply = { status: 200, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' };
    const err = await telegramNotifier.send(event, provider(), transport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect((err as DeliveryError).message).toContain('chat not found');
    expect((err as DeliveryError).message).not.toContain('123:ABC');
  });

  it('retries a 429 after the retry_after Telegram gave', async () => {
    reply = {
      status: 429,
      body: '{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":7}}',
    };
    const err = await telegramNotifier.send(event, provider(), transport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(true);
    expect((err as DeliveryError).retryAfterMs).toBe(7000);
  });

  it('defaults to api.telegram.org and needs a chat and a token', () => {
    expect(() => telegramNotifier.validate(settings('telegram', { channel: '@flux', token: 't' }))).not.toThrow();
    expect(() => telegramNotifier.validate(settings('telegram', { token: 't' }))).toThrow(/needs a channel/);
    expect(() => telegramNotifier.validate(settings('telegram', { channel: '@flux' }))).toThrow(/needs a token/);
  });
});

describe('matrix', () => {
  const provider = () =>
    settings('matrix', { address: server.url, channel: '!room:example.org', token: 'matrix-secret' });

  it('PUTs an m.text message to the room with a transaction ID derived from the event', async () => {
    await matrixNotifier.send(event, provider(), transport);

    const [request] = server.requests();
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(
      `/_matrix/client/r0/rooms/!room%3Aexample.org/send/m.room.message/${matrixTransactionId(event)}`,
    );
    expect(request.headers.authorization).toBe('Bearer matrix-secret');
    expect(request.json).toEqual({
      msgtype: 'm.text',
      body: '💫 kustomization/podinfo.apps\nApplied revision main@sha1:abc\n- revision: main@sha1:abc\n- summary: east\n',
    });
  });

  it('reuses the transaction ID when the same event is sent again', async () => {
    await matrixNotifier.send(failed, provider(), transport);
    await matrixNotifier.send(failed, provider(), transport);
    const [first, second] = server.requests();
    expect(first.url).toBe(second.url);
    expect(matrixTransactionId(failed)).toMatch(/^[0-9a-f]{40}$/);
    expect(matrixTransactionId(failed)).not.toBe(matrixTransactionId(event));
  });

  it('needs a homeserver, a room and a token', () => {
    expect(() => matrixNotifier.validate(settings('matrix', { channel: '!r:x', token: 't' }))).toThrow(
      /needs an address/,
    );
    expect(() => matrixNotifier.validate(settings('matrix', { address: 'https://m.org', token: 't' }))).toThrow(
      /needs a channel/,
    );
    expect(() => matrixNotifier.validate(settings('matrix', { address: 'https://m.org', channel: '!r:x' }))).toThrow(
      /needs a token/,
    );
  });
});

describe('zulip', () => {
  const provider = (overrides: Partial<ProviderSettings> = {}) =>
    settings('zulip', {
      address: server.url,
      channel: 'deploys/flux',
      username: 'flux-bot@example.com',
      password: 'zulip-key',
      ...overrides,
    });

  function form(): URLSearchParams {
    return new URLSearchParams(server.requests()[0].body.toString('utf8'));
  }

  it('posts a form-encoded stream message with basic auth', async () => {
    await zulipNotifier.send(event, provider(), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v1/messages');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('flux-bot@example.com:zulip-key').toString('base64')}`,
    );
    expect(Object.fromEntries(form())).toEqual({
      type: 'stream',
      to: 'deploys',
      topic: 'flux',
      content:
        '## Flux Status\n\nℹ️ Kustomization/apps/podinfo\n\nApplied revision main@sha1:abc\n\n' +
        'Metadata:\n* `revision`: main@sha1:abc\n* `summary`: east\n',
    });
  });

  it('uses the object as topic when the channel names only a stream, and the token as key when no password', async () => {
    await zulipNotifier.send(failed, provider({ channel: 'deploys', password: undefined, token: 'tok' }), transport);
    expect(form().get('to')).toBe('deploys');
    expect(form().get('topic')).toBe('kustomization/podinfo.apps');
    expect(form().get('content')).toContain('⚠️ Kustomization/apps/podinfo');
    expect(server.requests()[0].headers.authorization).toBe(
      `Basic ${Buffer.from('flux-bot@example.com:tok').toString('base64')}`,
    );
  });

  it.each([
    ['a channel', { channel: undefined }, /needs a channel/],
    ['both stream and topic', { channel: 'deploys/' }, /<stream>\/<topic>/],
    ['a username', { username: undefined }, /needs a username/],
    ['an API key', { password: undefined, token: undefined }, /needs a password/],
  ])('needs %s', (_, overrides, message) => {
    expect(() => zulipNotifier.validate(provider(overrides))).toThrow(ProviderConfigError);
    expect(() => zulipNotifier.validate(provider(overrides))).toThrow(message);
  });
});

describe.each<Notifier>([webexNotifier, telegramNotifier, matrixNotifier, zulipNotifier])('$type', (notifier) => {
  it('skips commit status updates', async () => {
    const update = { ...event, metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'update' } };
    const provider = settings(notifier.type, {
      address: server.url,
      channel: 'a/b',
      token: 't',
      username: 'u',
      password: 'p',
    });
    await notifier.send(update, provider, transport);
    expect(server.requests()).toHaveLength(0);
  });
});
