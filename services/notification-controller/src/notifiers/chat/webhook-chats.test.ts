import type { FluxEvent } from '@driftless/api';
import { type CaptureReply, type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { discordNotifier } from './discord.js';
import { googlechatNotifier } from './googlechat.js';
import { larkNotifier } from './lark.js';
import { rocketNotifier } from './rocket.js';

const event: FluxEvent = {
  involvedObject: { kind: 'GitRepository', namespace: 'flux-system', name: 'webapp' },
  severity: 'info',
  timestamp: '2024-05-01T10:00:00Z',
  message: 'stored artifact',
  reason: 'NewArtifact',
  metadata: { 'source.toolkit.fluxcd.io/revision': 'main@sha1:abc123' },
  reportingController: 'source-controller',
};
const failed: FluxEvent = { ...event, severity: 'error', message: 'clone failed' };

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
  reply = { status: 200, body: 'ok' };
  server = await startCaptureServer({ respond: () => reply });
});
afterEach(async () => {
  await server.stop();
});

describe('discord', () => {
  it('posts Slack attachments to the webhook’s /slack endpoint', async () => {
    await discordNotifier.send(
      event,
      settings('discord', { address: `${server.url}/api/webhooks/123/tok` }),
      transport,
    );

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/webhooks/123/tok/slack');
    expect(request.json).toEqual({
      username: 'source-controller',
      attachments: [
        {
          color: 'good',
          author_name: 'gitrepository/webapp.flux-system',
          text: 'stored artifact',
          mrkdwn_in: ['text'],
          fields: [{ title: 'revision', value: 'main@sha1:abc123', short: false }],
        },
      ],
    });
  });

  it('keeps an address that already ends in /slack and colours errors as danger', async () => {
    const provider = settings('discord', { address: `${server.url}/api/webhooks/123/tok/slack`, username: 'flux' });
    await discordNotifier.send(failed, provider, transport);
    const [request] = server.requests();
    expect(request.url).toBe('/api/webhooks/123/tok/slack');
    expect(request.json).toMatchObject({ username: 'flux', attachments: [{ color: 'danger' }] });
  });
});

describe('rocket', () => {
  it('posts Slack attachments with the channel and username, in Rocket’s colours', async () => {
    const provider = settings('rocket', { address: `${server.url}/hooks/abc/def`, channel: '#ops', username: 'flux' });
    await rocketNotifier.send(failed, provider, transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/abc/def');
    expect(request.json).toEqual({
      channel: '#ops',
      username: 'flux',
      attachments: [
        {
          color: '#FF0000',
          author_name: 'gitrepository/webapp.flux-system',
          text: 'clone failed',
          mrkdwn_in: ['text'],
          fields: [{ title: 'revision', value: 'main@sha1:abc123', short: false }],
        },
      ],
    });
  });

  it('uses blue for info and sends no username of its own', async () => {
    await rocketNotifier.send(event, settings('rocket', { address: `${server.url}/hooks/abc/def` }), transport);
    const body = server.requests()[0].json as Record<string, unknown>;
    expect(body.username).toBeUndefined();
    expect(body).toMatchObject({ attachments: [{ color: '#0076D7' }] });
  });
});

describe('googlechat', () => {
  it('posts a card with the object as title and the metadata as key-value widgets', async () => {
    const address = `${server.url}/v1/spaces/AAA/messages?key=k&token=t`;
    await googlechatNotifier.send(event, settings('googlechat', { address }), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/spaces/AAA/messages?key=k&token=t');
    expect(request.json).toEqual({
      cards: [
        {
          header: { title: 'gitrepository/webapp.flux-system', subtitle: 'source-controller' },
          sections: [
            { widgets: [{ textParagraph: { text: 'stored artifact' } }] },
            {
              widgets: [{ keyValue: { topLabel: 'revision', content: 'main@sha1:abc123', contentMultiline: false } }],
            },
          ],
        },
      ],
    });
  });

  it('paints errors red and leaves out the metadata section when there is none', async () => {
    const provider = settings('googlechat', { address: `${server.url}/v1/spaces/AAA/messages` });
    await googlechatNotifier.send({ ...failed, metadata: {} }, provider, transport);
    const body = server.requests()[0].json as { cards: Array<{ sections: unknown[] }> };
    expect(body.cards[0].sections).toEqual([
      { widgets: [{ textParagraph: { text: '<font color="#ff0000">clone failed</font>' } }] },
    ]);
  });
});

describe('lark', () => {
  it('posts an interactive card with a coloured header', async () => {
    await larkNotifier.send(
      failed,
      settings('lark', { address: `${server.url}/open-apis/bot/v2/hook/xyz` }),
      transport,
    );

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/open-apis/bot/v2/hook/xyz');
    expect(request.json).toEqual({
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: { title: { tag: 'plain_text', content: '🚨 gitrepository/webapp.flux-system' }, template: 'red' },
        elements: [
          { tag: 'div', text: { tag: 'lark_md', content: '**clone failed**\n\nrevision: main@sha1:abc123\n' } },
        ],
      },
    });
  });

  it('turns a non-zero code in a 200 answer into a final DeliveryError', async () => {
    reply = { status: 200, body: '{"code":19021,"msg":"sign match fail","data":{}}' };
    const provider = settings('lark', { address: `${server.url}/open-apis/bot/v2/hook/xyz` });
    const err = await larkNotifier.send(event, provider, transport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect((err as DeliveryError).message).toContain('19021');
    expect((err as DeliveryError).message).not.toContain('xyz');
  });

  it('accepts code 0', async () => {
    reply = { status: 200, body: '{"code":0,"msg":"success","data":{}}' };
    const provider = settings('lark', { address: `${server.url}/open-apis/bot/v2/hook/xyz` });
    await expect(larkNotifier.send(event, provider, transport)).resolves.toBeUndefined();
  });
});

describe.each<[string, Notifier]>([
  ['discord', discordNotifier],
  ['rocket', rocketNotifier],
  ['googlechat', googlechatNotifier],
  ['lark', larkNotifier],
])('%s', (type, notifier) => {
  it('needs an address', () => {
    const provider = settings(notifier.type, {});
    expect(() => notifier.validate(provider)).toThrow(ProviderConfigError);
    expect(() => notifier.validate(provider)).toThrow(`${type} Provider needs an address`);
  });

  it('skips commit status updates', async () => {
    const update = { ...event, metadata: { 'source.toolkit.fluxcd.io/commit_status': 'update' } };
    await notifier.send(update, settings(notifier.type, { address: `${server.url}/hook` }), transport);
    expect(server.requests()).toHaveLength(0);
  });
});
