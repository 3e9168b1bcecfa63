import type { Notifier } from '../notifier.js';
import { postJson } from '../transport.js';
import { isCommitStatusUpdate, providerUrl } from './chat-common.js';
import { type SlackMessage, slackAttachment } from './slack-attachment.js';

/** Discord accepts Slack's format on the webhook's `/slack` endpoint; Flux appends it when missing. */
export function discordSlackUrl(webhook: URL): URL {
  const url = new URL(webhook.href);
  if (!url.pathname.endsWith('/slack')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/slack`;
  return url;
}

export const discordNotifier: Notifier = {
  type: 'discord',
  validate(settings) {
    providerUrl(settings);
  },
  async send(event, settings, transport) {
    const url = discordSlackUrl(providerUrl(settings));
    if (isCommitStatusUpdate(event)) return;
    // The channel is fixed by the webhook, so unlike Slack no `channel` is sent.
    const message: SlackMessage = {
      username: settings.username || event.reportingController,
      attachments: [slackAttachment(event, event.severity === 'error' ? 'danger' : 'good')],
    };
    await postJson(transport, url.href, message);
  },
};
