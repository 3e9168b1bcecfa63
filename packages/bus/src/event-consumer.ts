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
  /**
   * Events handled at once. Events of one object (one subject) are always handled one after the
   * other, in stream order; different objects run side by side.
   */
  concurrency: number;
  /** Wait before consuming again after the message iterator failed. */
  restartDelayMs: number;
}

export function defaultConsumeEventsOptions(): Omit<ConsumeEventsOptions, 'durableName' | 'handler'> {
  return { filter: {}, nakDelayMs: 5_000, ackWaitMs: 60_000, maxDeliver: -1, restartDelayMs: 1_000, concurrency: 1 };
}

export interface EventConsumer {
  /** Stops fetching; resolves once the events being handled (if any) are acked or naked. */
  stop(): Promise<void>;
}

const nanosPerMs = 1_000_000;
const durablePattern = /^[A-Za-z0-9_-]+$/;

/**
 * Consumes the events stream through a durable pull consumer (created or updated here). A brand-new
 * consumer starts at the oldest event the stream holds. Events of one object are handled in order;
 * up to `concurrency` objects at once. A handler that runs longer than `ackWaitMs` keeps its event
 * by telling the server it is still working. Malformed events are logged and acked so that they
 * never block the consumer.
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
    const heartbeat = setInterval(() => msg.working(), Math.max(1, Math.floor(opts.ackWaitMs / 2)));
    try {
      await opts.handler(event, delivery);
      msg.ack();
    } catch (err) {
      bus.logger.error(
        { ...log, err, subject: msg.subject, deliveryCount: delivery.deliveryCount },
        'event handler failed; redelivering',
      );
      msg.nak(opts.nakDelayMs);
    } finally {
      clearInterval(heartbeat);
    }
  };

  const inFlight = new Set<Promise<void>>();
  const lastOfSubject = new Map<string, Promise<void>>();
  const dispatch = async (msg: JsMsg) => {
    while (inFlight.size >= opts.concurrency) await Promise.race(inFlight);
    const previous = lastOfSubject.get(msg.subject);
    const run: Promise<void> = (previous ? previous.then(() => handle(msg)) : handle(msg)).finally(() => {
      inFlight.delete(run);
      if (lastOfSubject.get(msg.subject) === run) lastOfSubject.delete(msg.subject);
    });
    inFlight.add(run);
    lastOfSubject.set(msg.subject, run);
  };

  const loop = (async () => {
    while (!stopped && !bus.nc.isClosed()) {
      try {
        const consumer = await bus.js.consumers.get(stream, opts.durableName);
        messages = await consumer.consume({ max_messages: Math.max(64, opts.concurrency * 2) });
        if (stopped) messages.stop();
        for await (const msg of messages) await dispatch(msg);
      } catch (err) {
        if (stopped) break;
        bus.logger.warn({ ...log, err }, 'event consumer failed; restarting');
      }
      if (!stopped) await sleep(opts.restartDelayMs);
    }
    await Promise.all(inFlight);
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
