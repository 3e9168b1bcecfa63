import { createHash } from 'node:crypto';
import type { FluxEvent } from '@driftless/api';
import { objectTitle } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { expectSuccess } from '../transport.js';
import { isCommitStatusUpdate, metadataEntries, providerUrl, requireSetting } from './chat-common.js';

export function matrixBody(event: FluxEvent): string {
  const heading = `${event.severity === 'error' ? '🚨' : '💫'} ${objectTitle(event)}`;
  const metadata = metadataEntries(event).map(([key, value]) => `- ${key}: ${value}\n`);
  return `${heading}\n${event.message}\n${metadata.join('')}`;
}

/**
 * The transaction ID is derived from the event, as in Flux, so a retried send reuses it and the
 * homeserver posts the message only once.
 */
export function matrixTransactionId(event: FluxEvent): string {
  return createHash('sha1').update(JSON.stringify(event)).digest('hex');
}

function checkSettings(settings: ProviderSettings) {
  return {
    homeserver: providerUrl(settings),
    roomId: requireSetting(settings, 'channel', 'a channel (spec.channel): the room ID, e.g. !abc:example.org'),
    token: requireSetting(settings, 'token', "a token (the Secret's token): the account's access token"),
  };
}

export const matrixNotifier: Notifier = {
  type: 'matrix',
  validate(settings) {
    checkSettings(settings);
  },
  async send(event, settings, transport) {
    const { homeserver, roomId, token } = checkSettings(settings);
    if (isCommitStatusUpdate(event)) return;
    const url = new URL(homeserver.href);
    url.pathname = [
      url.pathname.replace(/\/+$/, ''),
      '_matrix/client/r0/rooms',
      encodeURIComponent(roomId),
      'send/m.room.message',
      matrixTransactionId(event),
    ].join('/');
    const response = await transport.send({
      method: 'PUT',
      url: url.href,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ msgtype: 'm.text', body: matrixBody(event) }),
    });
    expectSuccess(response, 'PUT', url.href);
  },
};
