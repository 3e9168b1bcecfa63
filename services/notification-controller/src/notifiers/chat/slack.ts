import type { FluxEvent } from '@driftless/api';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { HttpResponse, Notifier, ProviderSettings, Transport } from '../notifier.js';
import { parseRetryAfter, postJson, redactUrl } from '../transport.js';
import { isCommitStatusUpdate, isRecord, parseJsonBody, providerUrl, requireSetting } from './chat-common.js';
import { type SlackMessage, slackAttachment } from './slack-attachment.js';

export const slackPostMessageUrl = 'https://slack.com/api/chat.postMessage';

/**
 * A token selects the Web API (`chat.postMessage`), unless the address is some other endpoint such as
 * an incoming webhook: Flux then only adds the token as a bearer header.
 */
function usesWebApi(settings: ProviderSettings): boolean {
  if (!settings.token) return false;
  return providerUrl(settings, slackPostMessageUrl).pathname.endsWith('/chat.postMessage');
}

function slackMessage(event: FluxEvent, settings: ProviderSettings): SlackMessage {
  return {
    ...(settings.channel ? { channel: settings.channel } : {}),
    username: settings.username || event.reportingController,
    attachments: [slackAttachment(event, event.severity === 'error' ? 'danger' : 'good')],
  };
}

/** chat.postMessage answers 200 even when it refused the message; the verdict is `ok` in the body. */
function checkWebApiAnswer(response: HttpResponse, url: string): void {
  const answer = parseJsonBody(response.body);
  if (!isRecord(answer)) {
    throw new DeliveryError(`POST ${redactUrl(url)} answered ${response.status} without Slack's JSON verdict`, {
      retryable: false,
      status: response.status,
    });
  }
  if (answer.ok === true) return;
  const reason = typeof answer.error === 'string' ? answer.error : 'unknown error';
  throw new DeliveryError(`POST ${redactUrl(url)}: Slack refused the message: ${reason}`, {
    retryable: reason === 'ratelimited',
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

export const slackNotifier: Notifier = {
  type: 'slack',
  validate(settings) {
    if (!settings.address && !settings.token) {
      throw new ProviderConfigError(
        "slack Provider needs an address (spec.address or the Secret's address), or a token (the Secret's token) to post with chat.postMessage",
      );
    }
    if (usesWebApi(settings)) {
      requireSetting(settings, 'channel', 'a channel (spec.channel) when posting with a token to chat.postMessage');
    } else {
      providerUrl(settings);
    }
  },
  async send(event, settings, transport: Transport) {
    slackNotifier.validate(settings);
    if (isCommitStatusUpdate(event)) return;
    const url = providerUrl(settings, settings.token ? slackPostMessageUrl : undefined).toString();
    const headers: Record<string, string> = settings.token ? { authorization: `Bearer ${settings.token}` } : {};
    const response = await postJson(transport, url, slackMessage(event, settings), headers);
    if (usesWebApi(settings)) checkWebApiAnswer(response, url);
  },
};
