// The sending side of one measurement, in a process of its own (as a controller would be), so that it
// does not share an event loop with the capture server it is measured against. Forked by run.mjs:
// it receives `{ mode, tag, events, concurrency, ... }`, gets ready (connects, warms up), answers
// `ready`, and on `go` sends the events and answers `sent`.
// - mode `nats`: publishEvent to the events stream, `concurrency` acks awaited at a time;
// - mode `http`: the generic webhook request itself, POSTed with the controller's own transport
//   and `concurrency` requests at a time (Flux's path: nothing durable between sender and webhook).
import { connectBus, defaultBusOptions, publishEvent } from '@driftless/bus';
import { createLogger } from '@driftless/telemetry';
import { forwardEvent } from '../dist/notifiers/ops/generic.js';
import { createTransport } from '../dist/notifiers/transport.js';
import { benchEvent } from './events.mjs';

const Mode = { Nats: 'nats', Http: 'http' };

/** Runs `send(i)` for i in [0, count) with at most `concurrency` running at once. */
async function pool(count, concurrency, send) {
  let next = 0;
  const worker = async () => {
    while (next < count) await send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function prepare(job) {
  if (job.mode === Mode.Nats) {
    const bus = await connectBus(
      {
        ...defaultBusOptions(),
        servers: [job.natsUrl],
        prefix: job.prefix,
        name: 'notification-controller-bench-sender',
      },
      { logger: createLogger({ level: 'warn', format: 'json' }) },
    );
    return {
      send: (event) => publishEvent(bus, 'kustomize-controller', event),
      close: () => bus.close(),
    };
  }
  if (job.mode === Mode.Http) {
    const transport = createTransport();
    const settings = {
      type: 'generic',
      namespace: 'bench',
      name: 'webhook',
      uid: 'bench',
      address: job.webhookUrl,
      headers: {},
    };
    const send = (event) => forwardEvent(event, settings, transport);
    // The controller's pool already holds a connection to the webhook (from the probe event).
    await send(benchEvent('warmup', 0));
    return { send, close: () => transport.close() };
  }
  throw new Error(`unknown mode ${job.mode}`);
}

const nextMessage = () => new Promise((resolve) => process.once('message', resolve));

try {
  const job = await nextMessage();
  const sender = await prepare(job);
  const events = Array.from({ length: job.events }, (_, i) => benchEvent(job.tag, i));
  process.send({ type: 'ready' });
  const go = await nextMessage();
  if (go.type !== 'go') throw new Error(`expected go, got ${go.type}`);
  const started = performance.now();
  await pool(events.length, job.concurrency, (i) => sender.send(events[i]));
  process.send({ type: 'sent', ms: performance.now() - started });
  await sender.close();
} catch (error) {
  process.send?.({ type: 'error', message: error.stack ?? String(error) });
  process.exitCode = 1;
} finally {
  process.disconnect?.();
}
