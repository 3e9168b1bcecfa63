import type { FluxEvent } from '@driftless/api';
import { objectTitle } from '../event-text.js';
import type { Notifier } from '../notifier.js';
import { postJson } from '../transport.js';
import { isCommitStatusUpdate, metadataEntries, providerUrl } from './chat-common.js';

/** Teams renders Adaptive Cards up to this schema version. */
const adaptiveCardVersion = '1.4';

/** Old Office 365 connector URLs live under this domain; everything else (Workflows) takes Adaptive Cards. */
export function isLegacyConnector(url: URL): boolean {
  return url.hostname.endsWith('.webhook.office.com');
}

/** The retired connector's MessageCard: message as title, object as subtitle, metadata as facts. */
export function messageCard(event: FluxEvent) {
  const title = objectTitle(event);
  return {
    '@type': 'MessageCard',
    '@context': 'http://schema.org/extensions',
    themeColor: event.severity === 'error' ? 'FF0000' : '0076D7',
    summary: title,
    sections: [
      {
        activityTitle: event.message,
        activitySubtitle: title,
        facts: metadataEntries(event).map(([name, value]) => ({ name, value })),
      },
    ],
  };
}

/** The Alert's summary leads the facts; the rest follow by key. */
function adaptiveFacts(event: FluxEvent) {
  const entries = metadataEntries(event);
  const summary = entries.filter(([key]) => key === 'summary');
  const rest = entries.filter(([key]) => key !== 'summary');
  return [...summary, ...rest].map(([title, value]) => ({ title, value }));
}

/** A Workflows (Power Automate) message: one Adaptive Card with the object, the message and the facts. */
export function adaptiveCardMessage(event: FluxEvent) {
  const facts = adaptiveFacts(event);
  const items: Array<Record<string, unknown>> = [
    { type: 'TextBlock', text: objectTitle(event), size: 'large', weight: 'bolder', wrap: true },
    {
      type: 'TextBlock',
      text: event.message,
      wrap: true,
      ...(event.severity === 'error' ? { color: 'attention' } : {}),
    },
  ];
  if (facts.length > 0) items.push({ type: 'FactSet', facts });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: adaptiveCardVersion,
          body: [{ type: 'Container', items }],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export const msteamsNotifier: Notifier = {
  type: 'msteams',
  validate(settings) {
    providerUrl(settings);
  },
  async send(event, settings, transport) {
    const url = providerUrl(settings);
    if (isCommitStatusUpdate(event)) return;
    const payload = isLegacyConnector(url) ? messageCard(event) : adaptiveCardMessage(event);
    await postJson(transport, url.href, payload);
  },
};
