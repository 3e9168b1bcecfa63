// Notification-controller benchmark: alerts delivered per second end to end, against a baseline
// measured in the same run (this machine is shared and noisy) on the same capture server:
// - driftless: N events, each about its own Kustomization, published to the durable events stream
//   (acks awaited, `concurrency` at a time) → the controller's durable consumer → Alert `*` →
//   generic Provider → HTTP POST to the webhook; timed from the first publish to the N-th event
//   received by the webhook;
// - direct: the same N webhook requests POSTed straight to the webhook with the same HTTP client and
//   the same concurrency as the controller (EVENT_CONCURRENCY), i.e. a forwarder with nothing durable
//   in between (Flux: controller → HTTP → notification-controller → HTTP).
// The ratio driftless / direct is what durability costs. Each sender runs in its own process.
// Usage: node bench/run.mjs [--events 2000] [--rounds 3] [--concurrency 64]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStack, stopAll } from './stack.mjs';

const senderScript = join(dirname(fileURLToPath(import.meta.url)), 'sender.mjs');

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_EVENTS ?? '2000' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '3' },
    concurrency: { type: 'string', default: '64' },
  },
});
const positive = (name) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${args[name]}`);
  return value;
};
const events = positive('events');
const rounds = positive('rounds');
const concurrency = positive('concurrency');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Waits for the next IPC message of `child`, failing if it reports an error or exits first. */
function nextMessage(child) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      cleanup();
      if (message.type === 'error') reject(new Error(`sender: ${message.message}`));
      else resolve(message);
    };
    const onExit = (code, signal) => {
      cleanup();
      reject(new Error(`sender exited (${signal ?? code}) before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Gives the sender a few seconds to close its connections and exit, then ends it. */
async function stopSender(child) {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (!running()) return;
  const exited = once(child, 'exit');
  const timer = setTimeout(() => running() && child.kill('SIGTERM'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** One measurement: N events sent by a fresh sender process in `mode`; returns events/s at the webhook. */
async function measure(stack, mode, round) {
  const tag = `${mode}-r${round}`;
  const child = fork(senderScript, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = async () => child.kill('SIGKILL');
  stoppers.push(kill);
  try {
    child.send({
      mode,
      tag,
      events,
      concurrency,
      natsUrl: stack.nats.url,
      prefix: stack.prefix,
      webhookUrl: stack.webhookUrl,
    });
    await nextMessage(child);
    stack.clearRequests();
    const arrival = stack.expect(tag, events);
    const sent = nextMessage(child);
    const started = performance.now();
    child.send({ type: 'go' });
    const [arrivedAt, sender] = await Promise.all([arrival.done, sent]);
    const seconds = (arrivedAt - started) / 1000;
    return { rate: events / seconds, seconds, sendSeconds: sender.ms / 1000, duplicates: arrival.received() - events };
  } finally {
    await stopSender(child);
    const index = stoppers.indexOf(kill);
    if (index >= 0) stoppers.splice(index, 1);
  }
}

const perSecond = (value) => `${Math.round(value).toLocaleString('en-US')} events/s`;

const stoppers = [];
let stack;
let interrupted = false;
let stopping;
const stopEverything = () => {
  stopping ??= stopAll(stoppers);
  return stopping;
};
const stopOnSignal = (signal) => {
  interrupted = true;
  stopEverything().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

try {
  stack = await startStack({ concurrency, stoppers });
  // One unmeasured pair first: the controller's first thousands of events run before the JIT has warmed up.
  await measure(stack, 'nats', 0);
  await measure(stack, 'http', 0);
  const driftless = [];
  const direct = [];
  for (let round = 1; round <= rounds; round++) {
    const a = await measure(stack, 'nats', round);
    const b = await measure(stack, 'http', round);
    if (!stack.controllerAlive()) throw new Error('the notification-controller exited during the run');
    driftless.push(a);
    direct.push(b);
    console.log(
      `round ${round}: driftless ${perSecond(a.rate)} (${a.seconds.toFixed(2)} s, publishing took ${a.sendSeconds.toFixed(2)} s` +
        `${a.duplicates ? `, ${a.duplicates} duplicates` : ''}); direct ${perSecond(b.rate)} (${b.seconds.toFixed(2)} s)`,
    );
  }
  const d = median(driftless.map((m) => m.rate));
  const b = median(direct.map((m) => m.rate));
  console.log(`\nalert delivery: ${events} events, concurrency ${concurrency}, ${rounds} rounds, medians`);
  console.log(`direct HTTP POST to the webhook (no durability):  ${perSecond(b)} (baseline)`);
  console.log(`driftless: events stream → consumer → webhook:    ${perSecond(d)}  ratio ${(d / b).toFixed(2)}x`);
  console.log(
    JSON.stringify({
      bench: 'notification-controller',
      metric: 'alert_events_per_second',
      unit: 'events/s',
      events,
      rounds,
      concurrency,
      driftless: Math.round(d),
      baseline: Math.round(b),
      ratio: Number((d / b).toFixed(3)),
    }),
  );
} catch (error) {
  if (!interrupted) {
    console.error(
      `notification-controller bench failed: ${error.stack}\n--- recent logs ---\n${error.benchLogs ?? stack?.logs() ?? ''}`,
    );
  }
  process.exitCode = 1;
} finally {
  await stopEverything();
}
