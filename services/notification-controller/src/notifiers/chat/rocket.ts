import type { Notifier } from '../notifier.js';
import { postJson } from '../transport.js';
import { isCommitStatusUpdate, providerUrl } from './chat-common.js';
import { type SlackMessage, slackAttachment } from './slack-attachment.js';

export const rocketNotifier: Notifier = {
  type: 'rocket',
  validate(settings) {
    providerUrl(settings);
  },
  async send(event, settings, transport) {
    const url = providerUrl(settings);
    if (isCommitStatusUpdate(event)) return;
    // Rocket.Chat's incoming webhook takes Slack attachments; unlike Slack, Flux sets no default username.
    const message: SlackMessage = {
      ...(settings.channel ? { channel: settings.channel } : {}),
      ...(settings.username ? { username: settings.username } : {}),
      attachments: [slackAttachment(event, event.severity === 'error' ? '#FF0000' : '#0076D7')],
    };
    await postJson(transport, url.href, message);
  },
};
