import type { FluxEvent } from '@driftless/api';
import { DeliveryError } from '../delivery-errors.js';
import type { HttpResponse, Notifier, ProviderSettings } from '../notifier.js';
import { expectSuccess, parseRetryAfter, redactUrl } from '../transport.js';
import {
  isCommitStatusUpdate,
  isRecord,
  metadataEntries,
  parseJsonBody,
  providerUrl,
  requireSetting,
} from './chat-common.js';

export const telegramApiUrl = 'https://api.telegram.org';

/** MarkdownV2 treats these as markup; literal text must escape each of them with a backslash. */
export function escapeMarkdownV2(text: string): string {
  return text.replace(/[\\_*[\]()~`>#+\-=|{}.!]/g, '\\$&');
}

export function telegramText(event: FluxEvent): string {
  const { kind, name, namespace } = event.involvedObject;
  const heading = `${event.severity === 'error' ? '🚨' : '💫'} ${kind.toLowerCase()}/${name}/${namespace}`;
  const metadata = metadataEntries(event).map(
    ([key, value]) => `\\- *${escapeMarkdownV2(key)}*: ${escapeMarkdownV2(value)}\n`,
  );
  return `*${escapeMarkdownV2(heading)}*\n${escapeMarkdownV2(event.message)}\n${metadata.join('')}`;
}

/** The channel is a chat ID or `@channel`, optionally `<chat>:<topic thread ID>` for forum supergroups. */
export function telegramMessage(event: FluxEvent, channel: string) {
  const separator = channel.indexOf(':');
  const chatId = separator === -1 ? channel : channel.slice(0, separator);
  return {
    chat_id: chatId,
    ...(separator === -1 ? {} : { message_thread_id: channel.slice(separator + 1) }),
    text: telegramText(event),
    parse_mode: 'MarkdownV2',
  };
}

function checkSettings(settings: ProviderSettings) {
  const base = providerUrl(settings, telegramApiUrl);
  const chat = requireSetting(settings, 'channel', 'a channel (spec.channel): the chat ID or @channel name');
  const token = requireSetting(settings, 'token', "a token (the Secret's token): the bot token from BotFather");
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/bot${token}/sendMessage`;
  return { url: url.href, chat };
}

/**
 * The Bot API wraps every answer in `{ok, description, error_code, parameters}`; rate limits carry
 * `parameters.retry_after` in seconds.
 */
function checkAnswer(response: HttpResponse, url: string): void {
  const answer = parseJsonBody(response.body);
  const fields = isRecord(answer) ? answer : {};
  const errorCode = typeof fields.error_code === 'number' ? fields.error_code : undefined;
  if (response.status === 429 || errorCode === 429) {
    const parameters = isRecord(fields.parameters) ? fields.parameters : {};
    const retryAfterMs =
      typeof parameters.retry_after === 'number'
        ? parameters.retry_after * 1000
        : parseRetryAfter(response.headers['retry-after']);
    throw new DeliveryError(`POST ${redactUrl(url)}: Telegram is rate limiting the bot`, {
      retryable: true,
      status: response.status,
      retryAfterMs,
    });
  }
  expectSuccess(response, 'POST', url);
  if (fields.ok === false) {
    const reason = typeof fields.description === 'string' ? fields.description : 'unknown error';
    throw new DeliveryError(`POST ${redactUrl(url)}: Telegram refused the message: ${reason}`, {
      retryable: false,
      status: response.status,
    });
  }
}

export const telegramNotifier: Notifier = {
  type: 'telegram',
  validate(settings) {
    checkSettings(settings);
  },
  async send(event, settings, transport) {
    const { url, chat } = checkSettings(settings);
    if (isCommitStatusUpdate(event)) return;
    const response = await transport.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(telegramMessage(event, chat)),
    });
    checkAnswer(response, url);
  },
};
