import type { FluxEvent } from '@driftless/api';
import { DeliveryError } from '../delivery-errors.js';
import { objectTitle } from '../event-text.js';
import type { Notifier } from '../notifier.js';
import { postJson, redactUrl } from '../transport.js';
import { isCommitStatusUpdate, isRecord, metadataEntries, parseJsonBody, providerUrl } from './chat-common.js';

/** An interactive Lark card: emoji and object in a coloured header, message and metadata as lark_md. */
export function larkMessage(event: FluxEvent) {
  const failed = event.severity === 'error';
  const lines = metadataEntries(event).map(([key, value]) => `${key}: ${value}\n`);
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: {
        title: { tag: 'plain_text', content: `${failed ? '🚨' : '💫'} ${objectTitle(event)}` },
        template: failed ? 'red' : 'turquoise',
      },
      elements: [{ tag: 'div', text: { tag: 'lark_md', content: `**${event.message}**\n\n${lines.join('')}` } }],
    },
  };
}

export const larkNotifier: Notifier = {
  type: 'lark',
  validate(settings) {
    providerUrl(settings);
  },
  async send(event, settings, transport) {
    const url = providerUrl(settings);
    if (isCommitStatusUpdate(event)) return;
    const response = await postJson(transport, url.href, larkMessage(event));
    // Lark's bot webhook reports refusals (bad token, bad signature) as a non-zero `code` in a 200 answer.
    const answer = parseJsonBody(response.body);
    if (isRecord(answer) && typeof answer.code === 'number' && answer.code !== 0) {
      const reason = typeof answer.msg === 'string' ? `: ${answer.msg}` : '';
      throw new DeliveryError(`POST ${redactUrl(url.href)}: Lark refused the message (code ${answer.code})${reason}`, {
        retryable: false,
        status: response.status,
      });
    }
  },
};
