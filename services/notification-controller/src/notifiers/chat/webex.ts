import type { FluxEvent } from '@driftless/api';
import { objectTitle } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import { isCommitStatusUpdate, metadataEntries, providerUrl, requireSetting } from './chat-common.js';

export const webexMessagesUrl = 'https://webexapis.com/v1/messages';

/** Emoji and bold object, the message, then one quoted line per metadata entry. */
export function webexMarkdown(event: FluxEvent): string {
  const heading = `${event.severity === 'error' ? '💣' : '✅'} **${objectTitle(event)}**\n`;
  const metadata = metadataEntries(event).map(([key, value]) => `>**${key}**: ${value}\n`);
  return `${heading}${event.message}\n${metadata.join('')}`;
}

function checkSettings(settings: ProviderSettings) {
  return {
    url: providerUrl(settings, webexMessagesUrl),
    roomId: requireSetting(settings, 'channel', 'a channel (spec.channel): the ID of the Webex room'),
    token: requireSetting(settings, 'token', "a token (the Secret's token): the Webex bot's access token"),
  };
}

export const webexNotifier: Notifier = {
  type: 'webex',
  validate(settings) {
    checkSettings(settings);
  },
  async send(event, settings, transport) {
    const { url, roomId, token } = checkSettings(settings);
    if (isCommitStatusUpdate(event)) return;
    await postJson(
      transport,
      url.href,
      { roomId, markdown: webexMarkdown(event) },
      { authorization: `Bearer ${token}` },
    );
  },
};
