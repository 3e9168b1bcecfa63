// What an alert passes through, as the integration tests start it: the dev cluster with the
// Provider and Alert CRDs, a nats-server, a capture server standing in for a generic webhook, and
// the notification-controller as its own process (dist/main.js). The capture server runs in the
// bench process and counts, per measurement, the events whose message carries the measurement's tag.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildCrd, findKindDefinition } from '@driftless/api';
import { connectBus, defaultBusOptions, ensureTopology, publishEvent } from '@driftless/bus';
import { startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { createLogger } from '@driftless/telemetry';
import { startCaptureServer, startNatsServer } from '@driftless/testkit';
import { benchEvent, namespace, tagOf } from './events.mjs';

const controllerMain = join(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
export const webhookPath = '/hook';

const type = (group, version, kind, plural, namespaced = true) => ({ group, version, kind, plural, namespaced });
const Types = {
  crd: type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  namespace: type('', 'v1', 'Namespace', 'namespaces', false),
  provider: type('notification.toolkit.fluxcd.io', 'v1beta3', 'Provider', 'providers'),
  alert: type('notification.toolkit.fluxcd.io', 'v1beta3', 'Alert', 'alerts'),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Log lines kept in memory, printed only when the bench fails. */
function memoryLogger() {
  const lines = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      if (lines.length > 200) lines.shift();
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', format: 'json', destination }), lines };
}

function startController(env) {
  const child = spawn(process.execPath, [controllerMain], { env: { PATH: process.env.PATH, ...env } });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => output };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Counts the distinct events of one tag that reach the webhook; `expect(tag, count)` returns a
 * promise of the moment (performance.now()) the last of them was received.
 */
function tagCounter() {
  let current;
  return {
    observe(request) {
      const message = request.json?.message;
      if (!current || tagOf(message) !== current.tag) return;
      current.seen.add(message);
      current.received += 1;
      if (current.seen.size === current.count && current.at === undefined) {
        current.at = performance.now();
        current.resolve(current.at);
      }
    },
    expect(tag, count, timeoutMs) {
      let resolve;
      let reject;
      const done = new Promise((ok, fail) => {
        resolve = ok;
        reject = fail;
      });
      const entry = { tag, count, seen: new Set(), received: 0, at: undefined, resolve };
      current = entry;
      const timer = setTimeout(
        () => reject(new Error(`${tag}: ${entry.seen.size} of ${count} events reached the webhook in ${timeoutMs} ms`)),
        timeoutMs,
      );
      return {
        done: done.finally(() => clearTimeout(timer)),
        /** Requests with this tag, duplicates included. */
        received: () => entry.received,
      };
    },
  };
}

/** Undoes, last first, what was pushed to `stoppers` (also what a partial start pushed). */
export async function stopAll(stoppers) {
  for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => undefined);
}

/**
 * Starts everything, pushing how to stop each part to `stoppers` as it goes (so that a signal
 * during the start can stop what is up); `stop()` undoes it all, and a failed start stops itself.
 */
export async function startStack({ concurrency, stoppers = [] }) {
  const stop = () => stopAll(stoppers);
  let controller;
  const { logger, lines } = memoryLogger();
  const logs = () => [...lines.slice(-20), controller ? controller.output().slice(-6_000) : ''].join('');
  try {
    const counter = tagCounter();
    const started = await Promise.allSettled([
      startDevCluster({ port: 0, workloadDelayMs: 0 }),
      startNatsServer(),
      startCaptureServer({
        respond: (request) => {
          counter.observe(request);
          return { status: 200, body: 'ok' };
        },
      }),
    ]);
    for (const result of started) if (result.status === 'fulfilled') stoppers.push(() => result.value.stop());
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [cluster, nats, webhook] = started.map((result) => result.value);

    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), {
      fieldManager: 'bench',
    });
    // Receiver too: without its CRD the controller keeps relisting it with backoff during the run.
    for (const kind of ['Provider', 'Alert', 'Receiver'])
      await client.create(Types.crd, buildCrd(findKindDefinition(kind)));
    await client.create(Types.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });

    const prefix = `ncbench${process.pid}`;
    const bus = await connectBus(
      { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'notification-controller-bench' },
      { logger },
    );
    stoppers.push(() => bus.close());
    await ensureTopology(bus);

    controller = startController({
      KUBECONFIG: cluster.kubeconfigPath,
      NATS_URL: nats.url,
      DRIFTLESS_NATS_PREFIX: prefix,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      RECEIVER_HOST: '127.0.0.1',
      RECEIVER_PORT: '0',
      LEADER_ELECT: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      EVENT_DEDUP_WINDOW: '0s',
      EVENT_CONCURRENCY: String(concurrency),
    });
    stoppers.push(() => stopChild(controller.child));

    await client.create(Types.provider, {
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Provider',
      metadata: { name: 'webhook', namespace },
      spec: { type: 'generic', address: `${webhook.url}${webhookPath}` },
    });
    await client.create(Types.alert, {
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Alert',
      metadata: { name: 'all', namespace },
      spec: { providerRef: { name: 'webhook' }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
    });

    // Events published before the controller knows the Alert are dropped, so probe until one arrives.
    const probe = counter.expect('probe', 1, 60_000);
    let arrived = false;
    probe.done.then(
      () => {
        arrived = true;
      },
      () => undefined,
    );
    for (let i = 0; !arrived && i < 120; i++) {
      if (controller.child.exitCode !== null)
        throw new Error(`notification-controller exited (${controller.child.exitCode})`);
      await publishEvent(bus, 'kustomize-controller', benchEvent('probe', i));
      await Promise.race([probe.done, sleep(500)]);
    }
    await probe.done;

    return {
      nats,
      prefix,
      webhookUrl: `${webhook.url}${webhookPath}`,
      /** Call before sending: resolves with the time the `count`-th distinct event of `tag` arrived. */
      expect: (tag, count, timeoutMs = 300_000) => counter.expect(tag, count, timeoutMs),
      clearRequests: () => webhook.clearRequests(),
      controllerAlive: () => controller.child.exitCode === null && controller.child.signalCode === null,
      logs,
      stop,
    };
  } catch (error) {
    error.benchLogs = logs();
    await stop();
    throw error;
  }
}
