import { setTimeout as sleep } from 'node:timers/promises';
import type { FluxEvent } from '@driftless/api';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Bus } from './connect.js';
import { dropMessage, receiveMessage } from './decode.js';
import { InvalidTokenError, TopologyError } from './errors.js';
import { MessageKind } from './hooks.js';
import { fluxEventSchema } from './messages.js';
import { type EventSubjectParts, eventFilterSubject, eventsStreamName, parseEventSubject } from './subjects.js';

export interface EventDelivery extends EventSubjectParts {
  subject: string;
  /** Sequence of the event in the events stream. */
  streamSeq: number;
  /** How often this event was delivered, 1 the first time. */
  deliveryCount: number;
}

export type EventHandler = (event: FluxEvent, delivery: EventDelivery) => Promise<void> | void;

export interface ConsumeEventsOptions {
  /** Name of the durable consumer; it keeps its position while no process consumes. */
  durableName: string;
  /** Only events of this controller / kind / namespace / name. */
  filter: Partial<EventSubjectParts>;
  /** Returning acks the event; throwing redelivers it after `nakDelayMs`. */
  handler: EventHandler;
  nakDelayMs: number;
  /** Redeliver an event whose handler has not finished within this time. */
  ackWaitMs: number;
  /** Give up on an event after this many deliveries; -1 never gives up. */
  maxDeliver: number;
  /** Wait before consuming again after the message iterator failed. */
  restartDelayMs: number;
}

export function defaultConsumeEventsOptions(): Omit<ConsumeEventsOptions, 'durableName' | 'handler'> {
  return { filter: {}, nakDelayMs: 5_000, ackWaitMs: 60_000, maxDeliver: -1, restartDelayMs: 1_000 };
}

export interface EventConsumer {
  /** Stops fetching; resolves once the event being handled (if any) is acked or naked. */
  stop(): Promise<void>;
}

const nanosPerMs = 1_000_000;
const durablePattern = /^[A-Za-z0-9_-]+$/;

/**
 * Consumes the events stream through a durable pull consumer (created or updated here). A brand-new
 * consumer starts at the oldest event the stream holds; events are handled one at a time, in order.
 * Malformed events are logged and acked so that they never block the consumer.
 */
export async function consumeEvents(
  bus: Bus,
  options: Pick<ConsumeEventsOptions, 'durableName' | 'handler'> & Partial<ConsumeEventsOptions>,
): Promise<EventConsumer> {
  const opts: ConsumeEventsOptions = { ...defaultConsumeEventsOptions(), ...options };
  if (!durablePattern.test(opts.durableName)) {
    throw new InvalidTokenError(`invalid durable consumer name ${JSON.stringify(opts.durableName)}`);
  }
  const stream = eventsStreamName(bus.prefix);
  await ensureConsumer(bus, stream, opts);
  const log = { stream, durable: opts.durableName };

  let stopped = false;
  let messages: ConsumerMessages | undefined;

  const handle = async (msg: JsMsg) => {
    let parts: EventSubjectParts;
    try {
      parts = parseEventSubject(bus.prefix, msg.subject);
    } catch (err) {
      dropMessage(bus, MessageKind.Event, msg.subject, err);
      msg.ack();
      return;
    }
    const event = receiveMessage(bus, MessageKind.Event, fluxEventSchema, msg.subject, msg.data);
    if (!event) {
      msg.ack();
      return;
    }
    const delivery: EventDelivery = {
      ...parts,
      subject: msg.subject,
      streamSeq: msg.seq,
      deliveryCount: msg.info.deliveryCount,
    };
    try {
      await opts.handler(event, delivery);
      msg.ack();
    } catch (err) {
      bus.logger.error(
        { ...log, err, subject: msg.subject, deliveryCount: delivery.deliveryCount },
        'event handler failed; redelivering',
      );
      msg.nak(opts.nakDelayMs);
    }
  };

  const loop = (async () => {
    while (!stopped && !bus.nc.isClosed()) {
      try {
        const consumer = await bus.js.consumers.get(stream, opts.durableName);
        messages = await consumer.consume({ max_messages: 64 });
        if (stopped) messages.stop();
        for await (const msg of messages) await handle(msg);
      } catch (err) {
        if (stopped) break;
        bus.logger.warn({ ...log, err }, 'event consumer failed; restarting');
      }
      if (!stopped) await sleep(opts.restartDelayMs);
    }
  })();
  bus.logger.info({ ...log, filter: eventFilterSubject(bus.prefix, opts.filter) }, 'consuming events');

  return {
    async stop() {
      stopped = true;
      messages?.stop();
      await loop;
    },
  };
}

async function ensureConsumer(bus: Bus, stream: string, opts: ConsumeEventsOptions): Promise<void> {
  const jsm = await bus.jsm();
  const desired: Partial<ConsumerConfig> = {
    filter_subject: eventFilterSubject(bus.prefix, opts.filter),
    ack_wait: opts.ackWaitMs * nanosPerMs,
    max_deliver: opts.maxDeliver,
  };
  try {
    const info = await jsm.consumers.info(stream, opts.durableName).catch((err: unknown) => {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) return undefined;
      throw err;
    });
    if (!info) {
      await jsm.consumers.add(stream, {
        ...desired,
        durable_name: opts.durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
      return;
    }
    const current = info.config as unknown as Record<string, unknown>;
    if (Object.entries(desired).some(([key, value]) => current[key] !== value)) {
      await jsm.consumers.update(stream, opts.durableName, desired);
    }
  } catch (err) {
    throw new TopologyError(`cannot create or update consumer ${opts.durableName} on stream ${stream}`, {
      cause: err,
    });
  }
}
