import { createHash } from 'node:crypto';
import type { FluxEvent } from '@driftless/api';
import type { PubAck } from '@nats-io/jetstream';
import type { Bus } from './connect.js';
import { encodeMessage } from './decode.js';
import { PublishError } from './errors.js';
import { MessageDirection, MessageKind } from './hooks.js';
import { fluxEventSchema } from './messages.js';
import { eventSubject } from './subjects.js';

export interface PublishedEvent {
  subject: string;
  /** Sequence of the event in the events stream. */
  seq: number;
  /** True when the stream had already stored this exact event (dedup by message id). */
  duplicate: boolean;
}

/**
 * Publishes a Flux event to the events stream and waits for the stream's ack. The message id is a
 * hash of subject and body, so a retried publish of the same event is stored once.
 */
export async function publishEvent(bus: Bus, controller: string, event: FluxEvent): Promise<PublishedEvent> {
  const { kind, namespace, name } = event.involvedObject;
  const subject = eventSubject(bus.prefix, { controller, kind, namespace, name });
  const data = encodeMessage(fluxEventSchema, subject, event);
  const msgID = createHash('sha256').update(subject).update('\n').update(data).digest('hex');
  let ack: PubAck;
  try {
    ack = await bus.js.publish(subject, data, { msgID });
  } catch (err) {
    throw new PublishError(subject, { cause: err });
  }
  bus.onMessage(MessageDirection.Published, MessageKind.Event);
  return { subject, seq: ack.seq, duplicate: ack.duplicate };
}

export interface EventPublisherOptions {
  /** The reporting controller, the `<controller>` token of the subject (e.g. `kustomize-controller`). */
  controller: string;
}

/** The function the runtime's event recorder calls for every event. */
export function createEventPublisher(bus: Bus, options: EventPublisherOptions): (event: FluxEvent) => Promise<void> {
  return async (event) => {
    await publishEvent(bus, options.controller, event);
  };
}
