import type { FluxEvent } from '@driftless/api';
import { objectTitle } from '../event-text.js';
import type { Notifier } from '../notifier.js';
import { postJson } from '../transport.js';
import { isCommitStatusUpdate, metadataEntries, providerUrl } from './chat-common.js';

/**
 * A Google Chat card (the `cards` v1 format Flux sends): the object and reporting controller in the
 * header, the message in one section (red for errors) and the metadata as key-value widgets in another.
 */
export function googleChatMessage(event: FluxEvent) {
  const text = event.severity === 'error' ? `<font color="#ff0000">${event.message}</font>` : event.message;
  const sections: Array<{ widgets: unknown[] }> = [{ widgets: [{ textParagraph: { text } }] }];
  const metadata = metadataEntries(event);
  if (metadata.length > 0) {
    sections.push({
      widgets: metadata.map(([topLabel, content]) => ({ keyValue: { topLabel, content, contentMultiline: false } })),
    });
  }
  return {
    cards: [{ header: { title: objectTitle(event), subtitle: event.reportingController }, sections }],
  };
}

export const googlechatNotifier: Notifier = {
  type: 'googlechat',
  validate(settings) {
    providerUrl(settings);
  },
  async send(event, settings, transport) {
    const url = providerUrl(settings);
    if (isCommitStatusUpdate(event)) return;
    await postJson(transport, url.href, googleChatMessage(event));
  },
};
