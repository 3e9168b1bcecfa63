import type { FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import { objectTitle } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { expectSuccess } from '../transport.js';
import { isCommitStatusUpdate, metadataEntries, providerUrl, requireSetting } from './chat-common.js';

/** The Markdown post Flux writes for Zulip: a heading, severity emoji and object, message, metadata list. */
export function zulipContent(event: FluxEvent): string {
  const { kind, namespace, name } = event.involvedObject;
  const emoji = event.severity === 'error' ? '⚠️' : 'ℹ️';
  const metadata = metadataEntries(event).map(([key, value]) => `* \`${key}\`: ${value}\n`);
  return `## Flux Status\n\n${emoji} ${kind}/${namespace}/${name}\n\n${event.message}\n\nMetadata:\n${metadata.join('')}`;
}

/**
 * Flux reads the channel as `<stream>/<topic>`. A channel without a topic is accepted here too; the
 * topic is then the object the event is about.
 */
export function zulipDestination(channel: string, event: FluxEvent): { stream: string; topic: string } {
  const separator = channel.indexOf('/');
  if (separator === -1) return { stream: channel, topic: objectTitle(event) };
  return { stream: channel.slice(0, separator), topic: channel.slice(separator + 1) };
}

function checkSettings(settings: ProviderSettings) {
  const server = providerUrl(settings);
  const channel = requireSetting(settings, 'channel', 'a channel (spec.channel): <stream>/<topic>');
  const separator = channel.indexOf('/');
  if (separator === 0 || separator === channel.length - 1) {
    throw new ProviderConfigError('zulip Provider channel must be <stream>/<topic> with both parts set');
  }
  const username = requireSetting(settings, 'username', "a username (the Secret's username): the bot's email");
  const apiKey = settings.password || settings.token;
  if (!apiKey) {
    throw new ProviderConfigError("zulip Provider needs a password (the Secret's password): the bot's API key");
  }
  const url = new URL(server.href);
  url.pathname = '/api/v1/messages';
  return { url: url.href, channel, username, apiKey };
}

export const zulipNotifier: Notifier = {
  type: 'zulip',
  validate(settings) {
    checkSettings(settings);
  },
  async send(event, settings, transport) {
    const { url, channel, username, apiKey } = checkSettings(settings);
    if (isCommitStatusUpdate(event)) return;
    const { stream, topic } = zulipDestination(channel, event);
    const form = new URLSearchParams({ type: 'stream', to: stream, topic, content: zulipContent(event) });
    const response = await transport.send({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${username}:${apiKey}`).toString('base64')}`,
      },
      body: form.toString(),
    });
    expectSuccess(response, 'POST', url);
  },
};
