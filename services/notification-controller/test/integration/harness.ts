import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCrd, type FluxEvent, findKindDefinition } from '@driftless/api';
import {
  type Bus,
  connectBus,
  type DeadLetter,
  deadLetterSchema,
  deadLettersStreamName,
  defaultBusOptions,
  ensureTopology,
  parseMessage,
  publishEvent,
} from '@driftless/bus';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import {
  defaultControllerOptions,
  EventRecorder,
  KubeClient,
  type KubeObject,
  loadKubeConfig,
  type ResourceType,
} from '@driftless/runtime';
import { createMetrics, createTracing } from '@driftless/telemetry';
import { memoryLogger } from '@driftless/telemetry/testing';
import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { createNotificationController, type NotificationController } from '../../src/app.js';
import type { RetryOptions } from '../../src/delivery/retry.js';

export const repoRoot = resolve(import.meta.dirname, '../../../..');
export const notificationControllerMain = join(repoRoot, 'services/notification-controller/dist/main.js');

const type = (group: string, version: string, kind: string, plural: string, namespaced = true): ResourceType => ({
  group,
  version,
  kind,
  plural,
  namespaced,
});
export const crdType = type(
  'apiextensions.k8s.io',
  'v1',
  'CustomResourceDefinition',
  'customresourcedefinitions',
  false,
);
export const namespaceType = type('', 'v1', 'Namespace', 'namespaces', false);
export const secretType = type('', 'v1', 'Secret', 'secrets');
export const configMapType = type('', 'v1', 'ConfigMap', 'configmaps');
export const providerType = type('notification.toolkit.fluxcd.io', 'v1beta3', 'Provider', 'providers');
export const alertType = type('notification.toolkit.fluxcd.io', 'v1beta3', 'Alert', 'alerts');
export const receiverType = type('notification.toolkit.fluxcd.io', 'v1', 'Receiver', 'receivers');
export const gitRepositoryType = type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories');
export const kustomizationType = type('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations');

export interface HarnessOptions {
  /** Run the notification-controller in this process (default); false leaves it to the test. */
  inProcess: boolean;
  retry: RetryOptions;
  dedupWindowMs: number;
}

export interface NotificationHarness {
  cluster: DevCluster;
  client: KubeClient;
  nats: NatsServer;
  /** A bus of the test's own (publishing events, reading dead letters). */
  bus: Bus;
  prefix: string;
  app: NotificationController | undefined;
  /** The webhook server of the in-process controller. */
  receiverUrl: string;
  logs: string[];
  namespace(): Promise<string>;
  /** Creates the Secret (when given) and the Provider, and waits until the controller knows the Provider. */
  provider(
    namespace: string,
    name: string,
    spec: Record<string, unknown>,
    secret?: Record<string, string>,
  ): Promise<void>;
  /** Creates the Alert and waits until the controller knows it. */
  alert(namespace: string, name: string, spec: Record<string, unknown>): Promise<void>;
  /** Publishes an event on the events stream as `controller` would. */
  publish(event: FluxEvent, controller?: string): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  stop(): Promise<void>;
}

let harnessCount = 0;

/** The dev cluster with the Flux CRDs, a nats-server, and the notification-controller in-process. */
export async function startNotificationHarness(options: Partial<HarnessOptions> = {}): Promise<NotificationHarness> {
  harnessCount += 1;
  const prefix = `nc${process.pid}x${harnessCount}`;
  const [cluster, nats] = await Promise.all([startDevCluster({ port: 0, workloadDelayMs: 0 }), startNatsServer()]);
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  for (const kind of ['Provider', 'Alert', 'Receiver', 'GitRepository', 'OCIRepository', 'Kustomization']) {
    await client.create(crdType, buildCrd(findKindDefinition(kind)!) as unknown as KubeObject);
  }
  const { logger, lines } = memoryLogger();
  const busOptions = { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'notification-controller-test' };
  const bus = await connectBus(busOptions, { logger });
  await ensureTopology(bus);

  let app: NotificationController | undefined;
  let controllerBus: Bus | undefined;
  let receiverUrl = '';
  if (options.inProcess ?? true) {
    controllerBus = await connectBus(busOptions, { logger });
    app = createNotificationController(
      {
        controller: {
          ...defaultControllerOptions('notification-controller'),
          retry: { baseDelayMs: 100, maxDelayMs: 2_000, qps: 1000, burst: 1000 },
        },
        http: { host: '127.0.0.1', port: 0 },
        receiver: { host: '127.0.0.1', port: 0, bodyLimit: 64 * 1024 },
        durableName: 'notification-controller',
        eventConcurrency: 16,
        eventAckWaitMs: 5_000,
        dedupWindowMs: options.dedupWindowMs ?? 60_000,
        retry: options.retry ?? { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 500 },
        shutdownTimeoutMs: 5_000,
      },
      {
        client,
        logger,
        metrics: createMetrics({ defaultMetrics: false }),
        tracer: createTracing({ serviceName: 'notification-controller-test' }).tracer,
        events: new EventRecorder({ controller: 'notification-controller', instance: 'test' }, { client, logger }),
        bus: controllerBus,
      },
    );
    receiverUrl = (await app.start()).receiverUrl;
  }

  let namespaces = 0;
  const harness: NotificationHarness = {
    cluster,
    client,
    nats,
    bus,
    prefix,
    app,
    receiverUrl,
    logs: lines,
    async namespace() {
      namespaces += 1;
      const name = `test-${namespaces}`;
      await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return name;
    },
    async provider(namespace, name, spec, secret) {
      if (secret) {
        await client.create(secretType, {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: `${name}-secret`, namespace },
          stringData: secret,
        } as KubeObject);
      }
      await client.create(providerType, {
        apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
        kind: 'Provider',
        metadata: { name, namespace },
        spec: { ...spec, ...(secret ? { secretRef: { name: `${name}-secret` } } : {}) },
      } as KubeObject);
      if (app) await eventually(() => app?.providers.get(`${namespace}/${name}`) !== undefined);
    },
    async alert(namespace, name, spec) {
      await client.create(alertType, {
        apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
        kind: 'Alert',
        metadata: { name, namespace },
        spec,
      } as KubeObject);
      if (app) await eventually(() => app?.alerts.get(`${namespace}/${name}`) !== undefined);
    },
    async publish(event, controller = 'kustomize-controller') {
      await publishEvent(bus, controller, event);
    },
    async deadLetters() {
      const jsm = await bus.jsm();
      const stream = deadLettersStreamName(prefix);
      const info = await jsm.streams.info(stream);
      const letters: DeadLetter[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage(stream, { seq });
        if (message) letters.push(parseMessage(deadLetterSchema, message.subject, message.data));
      }
      return letters;
    },
    async stop() {
      await app?.stop();
      await controllerBus?.close();
      await bus.close();
      await Promise.all([cluster.stop(), nats.stop()]);
    },
  };
  return harness;
}

/** A Flux event about a Kustomization, as the kustomize-controller emits it. */
export function kustomizationEvent(namespace: string, name: string, overrides: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: {
      kind: 'Kustomization',
      namespace,
      name,
      uid: `uid-${namespace}-${name}`,
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    },
    severity: 'info',
    timestamp: new Date().toISOString(),
    message: 'ConfigMap/apps/settings configured',
    reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567' },
    reportingController: 'kustomize-controller',
    reportingInstance: 'kustomize-controller-0',
    ...overrides,
  };
}

export { spawnService, stopService } from '@driftless/testkit';

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
