import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DevCluster } from '@driftless/devcluster';
import { eventually } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../src/index.js';
import { startGreetingCluster } from './cluster.js';
// @ts-expect-error plain JavaScript fixture, shared with the child processes
import { createGreetingProcess, greetingType } from './fixtures/greeting-controller.mjs';
import { builtinTypes, quietLogger } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const controllerScript = join(here, 'fixtures', 'greeting-controller.mjs');
const configMaps = builtinTypes.configMap;
const leases = builtinTypes.lease;
const namespaces = builtinTypes.namespace;

let cluster: DevCluster;
let client: KubeClient;
let namespaceCount = 0;

beforeAll(async () => {
  ({ cluster, client } = await startGreetingCluster());
});
afterAll(async () => {
  await cluster?.stop();
});

async function freshNamespace(): Promise<string> {
  namespaceCount += 1;
  const name = `greetings-${namespaceCount}`;
  await client.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

function greeting(namespace: string, name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'examples.driftless.dev/v1', kind: 'Greeting', metadata: { namespace, name }, spec };
}

/** Every greeting has its ConfigMap with `message` and reports Ready for its current generation. */
async function expectConverged(namespace: string, count: number, message: (i: number) => string) {
  const { items } = await client.list<any>(greetingType, { namespace });
  expect(items).toHaveLength(count);
  for (const item of items) {
    const ready = item.status?.conditions?.find((c: any) => c.type === 'Ready');
    expect(ready?.status, item.metadata.name).toBe('True');
    expect(item.status.observedGeneration).toBe(item.metadata.generation);
  }
  const { items: maps } = await client.list<any>(configMaps, { namespace });
  const byName = new Map(maps.map((m: any) => [m.metadata.name, m.data.message]));
  for (let i = 0; i < count; i++) expect(byName.get(`g${i}-greeting`)).toBe(message(i));
}

describe('an example controller on the runtime', () => {
  let stopProcess: (() => Promise<void>) | undefined;
  afterEach(async () => {
    cluster.setFaults({ errorRate: 0, throttleRate: 0, dropWatchRate: 0, latencyMs: 0 });
    await stopProcess?.();
    stopProcess = undefined;
  });

  function startInProcess() {
    const process = createGreetingProcess({
      kubeconfigPath: cluster.kubeconfigPath,
      identity: 'in-process',
      logger: quietLogger(),
      concurrency: 8,
    });
    stopProcess = () => process.manager.stop();
    return process;
  }

  it('converges 100 objects, then 100 updates', async () => {
    const { manager } = startInProcess();
    await manager.start();
    const namespace = await freshNamespace();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client.create(greetingType, greeting(namespace, `g${i}`, { message: `hello ${i}` })),
      ),
    );
    await eventually(() => expectConverged(namespace, 100, (i) => `hello ${i}`), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });

    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client.patch(
          greetingType,
          { namespace, name: `g${i}` },
          { spec: { message: `bye ${i}` } },
          { patchType: 'application/merge-patch+json' },
        ),
      ),
    );
    await eventually(() => expectConverged(namespace, 100, (i) => `bye ${i}`), { timeoutMs: 60_000, intervalMs: 200 });
  });

  it('loses no update through dropped watches and injected 500s and 429s', async () => {
    const namespace = await freshNamespace();
    cluster.setFaults({
      errorRate: 0.15,
      throttleRate: 0.1,
      retryAfterSeconds: 0,
      dropWatchRate: 1,
      dropWatchAfterMs: 250,
    });
    const { manager, controller } = startInProcess();
    await manager.start();
    await eventually(() => expect(controller.informer.hasSynced()).toBe(true));

    const createWithRetry = async (i: number) =>
      eventually(() => client.create(greetingType, greeting(namespace, `g${i}`, { message: `first ${i}` })), {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
    await Promise.all(Array.from({ length: 100 }, (_, i) => createWithRetry(i).catch(() => undefined)));
    const updateWithRetry = (i: number) =>
      eventually(
        () =>
          client.patch(
            greetingType,
            { namespace, name: `g${i}` },
            { spec: { message: `second ${i}` } },
            {
              patchType: 'application/merge-patch+json',
            },
          ),
        { timeoutMs: 30_000, intervalMs: 20 },
      );
    await Promise.all(Array.from({ length: 100 }, (_, i) => updateWithRetry(i)));

    // Keep the faults until the watch has been cut and resumed a few times.
    await eventually(() => expect(controller.informer.stats.watches).toBeGreaterThan(3));
    cluster.setFaults({ errorRate: 0, throttleRate: 0, dropWatchRate: 0 });
    await eventually(() => expectConverged(namespace, 100, (i) => `second ${i}`), {
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    // Dropped watches resume from their resourceVersion; only an expired version forces a full relist.
    expect(controller.informer.stats.relists).toBeLessThan(controller.informer.stats.watches);
  }, 150_000);

  it('stalls on input no retry can fix, and recovers when the object changes', async () => {
    const { manager } = startInProcess();
    await manager.start();
    const namespace = await freshNamespace();
    await client.create(greetingType, greeting(namespace, 'g0', { message: '' }));
    await eventually(async () => {
      const object = await client.get<any>(greetingType, namespace, 'g0');
      const stalled = object.status?.conditions?.find((c: any) => c.type === 'Stalled');
      expect(stalled).toMatchObject({ status: 'True', reason: 'EmptyMessage' });
      expect(object.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False' });
    });
    await client.patch(
      greetingType,
      { namespace, name: 'g0' },
      { spec: { message: 'fixed' } },
      {
        patchType: 'application/merge-patch+json',
      },
    );
    await eventually(() => expectConverged(namespace, 1, () => 'fixed'));
  });

  it('runs cleanup through its finalizer on delete', async () => {
    const { manager } = startInProcess();
    await manager.start();
    const namespace = await freshNamespace();
    await client.create(greetingType, greeting(namespace, 'g0', { message: 'hi' }));
    await eventually(() => expectConverged(namespace, 1, () => 'hi'));
    await client.delete(greetingType, { namespace, name: 'g0' });
    await eventually(async () => {
      const { items } = await client.list(configMaps, { namespace });
      expect(items.filter((m) => m.metadata.name === 'g0-greeting')).toHaveLength(0);
      await expect(client.get(greetingType, namespace, 'g0')).rejects.toThrow(/NotFound/);
    });
  });
});

describe('the example controller as processes of their own', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  function spawnController(identity: string, env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [controllerScript, cluster.kubeconfigPath, identity], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    const lines: string[] = [];
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
    });
    let errors = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    return {
      child,
      saw: (key: string) => lines.some((line) => line.includes(`"${key}"`)),
      stderr: () => errors,
    };
  }

  it('refuses to start on bad configuration, naming every bad variable', async () => {
    const bad = spawnController('bad-config', { CONCURRENT: 'many', SHUTDOWN_TIMEOUT: 'soon' });
    const [code] = await once(bad.child, 'exit');
    expect(code).toBe(1);
    expect(bad.stderr()).toMatch(/CONCURRENT: /);
    expect(bad.stderr()).toMatch(/SHUTDOWN_TIMEOUT: "soon" is not a duration/);
    expect(bad.saw('started')).toBe(false);
  });

  it('hands leadership over when the leader process is killed', async () => {
    const first = spawnController('first');
    await eventually(() => expect(first.saw('leading')).toBe(true), { timeoutMs: 20_000 });
    const second = spawnController('second');
    await eventually(() => expect(second.saw('started')).toBe(true), { timeoutMs: 20_000 });
    expect(second.saw('leading')).toBe(false);

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const killedAt = Date.now();
    await eventually(() => expect(second.saw('leading')).toBe(true), { timeoutMs: 20_000 });
    // Lease of 2 s plus retry jitter and the child's own start-up.
    expect(Date.now() - killedAt).toBeLessThan(8_000);

    const namespace = await freshNamespace();
    await client.create(greetingType, greeting(namespace, 'g0', { message: 'from the new leader' }));
    await eventually(() => expectConverged(namespace, 1, () => 'from the new leader'));
  });

  it('shuts down gracefully on SIGTERM: finishes the reconcile in flight and releases the lease', async () => {
    const leader = spawnController('graceful');
    await eventually(() => expect(leader.saw('leading')).toBe(true), { timeoutMs: 20_000 });
    const namespace = await freshNamespace();
    await client.create(greetingType, greeting(namespace, 'g0', { message: 'slow', slowMs: 1500 }));
    await eventually(async () => {
      const object = await client.get<any>(greetingType, namespace, 'g0');
      expect(object.metadata.finalizers).toContain('finalizers.fluxcd.io');
    });
    leader.child.kill('SIGTERM');
    const [code] = await once(leader.child, 'exit');
    expect(code).toBe(0);
    expect(leader.saw('stopped')).toBe(true);
    await expectConverged(namespace, 1, () => 'slow');
    const lease = await client.get<any>(leases, 'default', 'greeting-controller');
    expect(lease.spec.holderIdentity ?? '').toBe('');
  });
});
