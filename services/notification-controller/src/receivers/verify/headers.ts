import { ignore, type WebhookHeaders, type WebhookVerdict } from './verdict.js';

/**
 * One header's value, or undefined when it is absent or empty (Go's `Header.Get` makes no
 * difference between the two, and Flux relies on that). Repeated headers are joined the way Node
 * joins them, so a repeated signature header reads as malformed rather than picking one copy.
 */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  return value === undefined || value === '' ? undefined : value;
}

/** The first of `names` that is present, with its value. */
export function firstHeader(
  headers: WebhookHeaders,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = headerValue(headers, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** The media type of `content-type`, lower-case and without parameters; '' when absent. */
export function mediaType(headers: WebhookHeaders): string {
  const value = headerValue(headers, 'content-type') ?? '';
  return value.split(';', 1)[0].trim().toLowerCase();
}

const maxEventNameInMessage = 100;

/** Quotes a sender-chosen event name for a message, cut short so it cannot flood the logs. */
export function quoteEvent(event: string | undefined): string {
  if (event === undefined) return '(none)';
  const short = event.length > maxEventNameInMessage ? `${event.slice(0, maxEventNameInMessage)}…` : event;
  return JSON.stringify(short);
}

/**
 * Flux's `spec.events` filter: with no events every event passes; otherwise the event must equal
 * one of them, ignoring case. An event that does not pass is ignored (200), not refused, so the
 * sender does not flag the hook as broken. Returns undefined when the event passes.
 */
export function filterEvent(
  sender: string,
  event: string | undefined,
  events: readonly string[],
): WebhookVerdict | undefined {
  if (events.length === 0) return undefined;
  const wanted = event?.toLowerCase();
  if (wanted !== undefined && events.some((e) => e.toLowerCase() === wanted)) return undefined;
  return ignore(`${sender} event ${quoteEvent(event)} is not in spec.events`);
}
