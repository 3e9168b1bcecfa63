import { Writable } from 'node:stream';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import {
  buildHealthApp,
  EventRecorder,
  KubeClient,
  loadKubeConfig,
  markFalse,
  type ResourceType,
} from '@driftless/runtime';
import { createLogger, createMetrics } from '@driftless/telemetry';
import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents, createEventPublisher, ensureTopology } from '../src/index.js';
import { type TestBus, testBus } from './helpers/bus-fixture.js';

const events: ResourceType = { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true };
const silent = () =>
  createLogger({ level: 'silent', format: 'json', destination: new Writable({ write: (_c, _e, done) => done() }) });

let server: NatsServer;
let cluster: DevCluster;
let t: TestBus;
let client: KubeClient;

beforeAll(async () => {
  [server, cluster] = await Promise.all([startNatsServer(), startDevCluster({ port: 0 })]);
  client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }));
  t = await testBus(server);
  await ensureTopology(t.bus);
});
afterAll(async () => {
  await t?.bus.close();
  await Promise.all([server?.stop(), cluster?.stop()]);
});

describe('the runtime event recorder with the NATS publisher', () => {
  it('records one event as a Kubernetes Event and as Flux event JSON on the events stream', async () => {
    const recorder = new EventRecorder(
      { controller: 'kustomize-controller', instance: 'kustomize-controller-0' },
      { client, logger: silent(), publish: createEventPublisher(t.bus, { controller: 'kustomize-controller' }) },
    );
    const received: unknown[] = [];
    const consumer = await consumeEvents(t.bus, {
      durableName: 'notifier',
      handler: (event) => void received.push(event),
    });
    const kustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { namespace: 'default', name: 'apps', uid: 'u-1', generation: 3 },
      status: {},
    };
    markFalse(kustomization, 'Ready', 'BuildFailed', 'kustomization path not found');
    await recorder.emit(kustomization, 'error', 'kustomization path not found', {
      metadata: { revision: 'main@sha1:abc' },
    });

    await eventually(() => received.length === 1);
    expect(received[0]).toMatchObject({
      involvedObject: { kind: 'Kustomization', namespace: 'default', name: 'apps', uid: 'u-1' },
      severity: 'error',
      reason: 'BuildFailed',
      message: 'kustomization path not found',
      metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc' },
      reportingController: 'kustomize-controller',
      reportingInstance: 'kustomize-controller-0',
    });
    const { items } = await client.list<any>(events, { namespace: 'default' });
    expect(items.find((e) => e.involvedObject?.name === 'apps')).toMatchObject({
      type: 'Warning',
      reason: 'BuildFailed',
      message: 'kustomization path not found',
      source: { component: 'kustomize-controller' },
    });
    await consumer.stop();
  });

  it('answers /readyz from the NATS connection', async () => {
    const probe = await testBus(server);
    const app = buildHealthApp({
      readiness: [{ name: 'nats', ready: () => probe.bus.isConnected() }],
      metrics: createMetrics({ defaultMetrics: false }),
      logger: silent(),
    });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await probe.bus.close();
    const notReady = await app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ ready: false, failing: ['nats'] });
    await app.close();
  });
});
