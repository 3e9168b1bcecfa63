import type { FluxEvent } from '@driftless/api';
import { objectTitle } from '../event-text.js';
import { metadataEntries } from './chat-common.js';

/** A legacy Slack message attachment, also understood by Discord's `/slack` endpoint and Rocket.Chat. */
export interface SlackAttachment {
  color: string;
  author_name: string;
  text: string;
  mrkdwn_in: string[];
  fields: Array<{ title: string; value: string; short: boolean }>;
}

export interface SlackMessage {
  channel?: string;
  username?: string;
  attachments: SlackAttachment[];
}

/** The object as author, the event message as text and the metadata as fields, as Flux formats it. */
export function slackAttachment(event: FluxEvent, color: string): SlackAttachment {
  return {
    color,
    author_name: objectTitle(event),
    text: event.message,
    mrkdwn_in: ['text'],
    fields: metadataEntries(event).map(([title, value]) => ({ title, value, short: false })),
  };
}
