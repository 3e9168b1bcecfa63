import type { Bus } from './connect.js';
import { dropMessage, encodeMessage, receiveMessage } from './decode.js';
import { PublishError } from './errors.js';
import { MessageDirection, MessageKind } from './hooks.js';
import { type ReconcileRequest, reconcileRequestSchema } from './messages.js';
import { type ObjectRef, parseReconcileSubject, reconcileFilterSubject, reconcileSubject } from './subjects.js';

/**
 * Asks the controller owning `kind` to reconcile an object now (core NATS, fire and forget: a
 * controller that is down reconciles at its interval anyway). `requestedAt` defaults to now.
 */
export async function requestReconcile(
  bus: Bus,
  kind: string,
  namespace: string,
  name: string,
  request: Partial<ReconcileRequest> = {},
): Promise<void> {
  const subject = reconcileSubject(bus.prefix, { kind, namespace, name });
  const data = encodeMessage(reconcileRequestSchema, subject, { requestedAt: new Date().toISOString(), ...request });
  try {
    bus.nc.publish(subject, data);
    await bus.nc.flush();
  } catch (err) {
    throw new PublishError(subject, { cause: err });
  }
  bus.onMessage(MessageDirection.Published, MessageKind.Reconcile);
}

export type ReconcileRequestHandler = (ref: ObjectRef, request: ReconcileRequest) => Promise<void> | void;

export interface ReconcileSubscription {
  stop(): Promise<void>;
}

export interface SubscribeReconcileOptions {
  /** Queue group: deliver each request to one member only (leave unset when every replica must hear it). */
  queue?: string;
}

/** Calls `handler` for every reconcile request of `kind`; handler errors are logged, never thrown. */
export function subscribeReconcileRequests(
  bus: Bus,
  kind: string,
  handler: ReconcileRequestHandler,
  options: SubscribeReconcileOptions = {},
): ReconcileSubscription {
  const filter = reconcileFilterSubject(bus.prefix, kind);
  const sub = bus.nc.subscribe(filter, {
    ...(options.queue ? { queue: options.queue } : {}),
    callback: (err, msg) => {
      if (err) {
        bus.logger.error({ err, subject: filter }, 'reconcile subscription failed');
        return;
      }
      let ref: ObjectRef;
      try {
        ref = parseReconcileSubject(bus.prefix, msg.subject);
      } catch (parseErr) {
        dropMessage(bus, MessageKind.Reconcile, msg.subject, parseErr);
        return;
      }
      const request = receiveMessage(bus, MessageKind.Reconcile, reconcileRequestSchema, msg.subject, msg.data);
      if (!request) return;
      Promise.resolve()
        .then(() => handler(ref, request))
        .catch((handlerErr: unknown) =>
          bus.logger.error({ err: handlerErr, subject: msg.subject }, 'reconcile request handler failed'),
        );
    },
  });
  return {
    async stop() {
      if (!sub.isClosed()) await sub.drain();
    },
  };
}
