import type { FluxEvent } from '@driftless/api';
import {
  type Bus,
  type EventSubjectParts,
  eventFilterSubject,
  eventsStreamName,
  fluxEventSchema,
} from '@driftless/bus';

export interface EventReadOptions {
  filter: Partial<EventSubjectParts>;
  /** Events stored at or after this time; every stored event when undefined. */
  since?: Date;
  /** Keep waiting for new events until `signal` aborts; otherwise stop after the last stored one. */
  follow: boolean;
  signal?: AbortSignal;
}

/**
 * Reads the events stream through an ordered (ephemeral, unacknowledged) consumer, so reading
 * leaves nothing behind on the server and never takes events from the notification-controller.
 * Messages that are not valid Flux events are skipped.
 */
export async function readEvents(
  bus: Bus,
  options: EventReadOptions,
  onEvent: (event: FluxEvent) => void,
): Promise<void> {
  const consumer = await bus.js.consumers.get(eventsStreamName(bus.prefix), {
    filter_subjects: eventFilterSubject(bus.prefix, options.filter),
    ...(options.since ? { opt_start_time: options.since.toISOString() } : { deliver_policy: 'all' as const }),
  });
  if (!options.follow && (await consumer.info(true)).num_pending === 0) return;
  if (options.signal?.aborted) return;
  const messages = await consumer.consume({ max_messages: 256 });
  const stop = () => messages.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages) {
      const event = decodeEvent(message.data);
      if (event) onEvent(event);
      if (!options.follow && message.info.pending === 0) break;
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    messages.stop();
  }
}

function decodeEvent(data: Uint8Array): FluxEvent | undefined {
  try {
    const parsed = fluxEventSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
