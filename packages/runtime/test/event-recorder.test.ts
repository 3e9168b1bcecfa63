import type { FluxEvent } from '@driftless/api';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventObject,
  type EventPublisher,
  EventRecorder,
  KubeClient,
  type KubeObject,
  loadKubeConfig,
} from '../src/index.js';
import { builtinTypes } from './support.js';

const eventType = builtinTypes.event;
const namespaceType = builtinTypes.namespace;
const fixedNow = new Date('2025-03-04T05:06:07.890Z');

function greeting(namespace: string, ready?: { status: 'True' | 'False'; reason: string }): EventObject {
  return {
    apiVersion: 'examples.driftless.dev/v1',
    kind: 'Greeting',
    metadata: { namespace, name: 'hello', uid: 'uid-1', resourceVersion: '42', generation: 2 },
    status: ready
      ? {
          conditions: [
            {
              type: 'Ready',
              lastTransitionTime: '2025-01-01T00:00:00Z',
              message: 'm',
              observedGeneration: 2,
              ...ready,
            },
          ],
        }
      : undefined,
  };
}

function recordingLogger() {
  const warnings: Array<{ fields: Record<string, unknown>; message?: string }> = [];
  return {
    warnings,
    warn: (fields: object, message?: string) =>
      void warnings.push({ fields: fields as Record<string, unknown>, message }),
  };
}

describe('EventRecorder on a dev cluster', () => {
  let cluster: DevCluster;
  let client: KubeClient;
  let namespaceCount = 0;

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }));
  });
  afterEach(() => {
    cluster.setFaults({ errorRate: 0 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function freshNamespace(): Promise<string> {
    namespaceCount += 1;
    const name = `events-${namespaceCount}`;
    await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    return name;
  }

  function recorder(publish?: EventPublisher) {
    const logger = recordingLogger();
    const published: FluxEvent[] = [];
    const events = new EventRecorder(
      { controller: 'greeting-controller', instance: 'greeting-controller-0' },
      {
        client,
        logger,
        now: () => fixedNow,
        publish:
          publish ??
          (async (event) => {
            published.push(event);
          }),
      },
    );
    return { events, logger, published };
  }

  async function kubernetesEvents(namespace: string): Promise<Array<KubeObject & Record<string, any>>> {
    return (await client.list<KubeObject & Record<string, any>>(eventType, { namespace })).items;
  }

  interface EmitCase {
    name: string;
    ready?: { status: 'True' | 'False'; reason: string };
    severity: 'info' | 'error';
    extra: { reason?: string; metadata?: Record<string, string> };
    reason: string;
    type: 'Normal' | 'Warning';
    metadata?: Record<string, string>;
  }

  it.each<EmitCase>([
    {
      name: 'an info event takes its reason from Ready',
      ready: { status: 'True', reason: 'Succeeded' },
      severity: 'info',
      extra: { metadata: { revision: 'main@sha1:abc' } },
      reason: 'Succeeded',
      type: 'Normal',
      metadata: { 'examples.driftless.dev/revision': 'main@sha1:abc' },
    },
    {
      name: 'an error event is a Warning and takes its reason from Ready',
      ready: { status: 'False', reason: 'EmptyMessage' },
      severity: 'error',
      extra: {},
      reason: 'EmptyMessage',
      type: 'Warning',
      metadata: undefined,
    },
    {
      name: 'a given reason wins over Ready, and prefixed keys stay as they are',
      ready: { status: 'True', reason: 'Succeeded' },
      severity: 'info',
      extra: { reason: 'Progressing', metadata: { revision: 'r1', 'token.fluxcd.io/summary': 's' } },
      reason: 'Progressing',
      type: 'Normal',
      metadata: { 'examples.driftless.dev/revision': 'r1', 'token.fluxcd.io/summary': 's' },
    },
    {
      name: 'without Ready an info event says Succeeded',
      ready: undefined,
      severity: 'info',
      extra: {},
      reason: 'Succeeded',
      type: 'Normal',
      metadata: undefined,
    },
    {
      name: 'without Ready an error event says Failed',
      ready: undefined,
      severity: 'error',
      extra: {},
      reason: 'Failed',
      type: 'Warning',
      metadata: undefined,
    },
  ])('$name', async ({ ready, severity, extra, reason, type, metadata }) => {
    const namespace = await freshNamespace();
    const { events, published, logger } = recorder();
    const object = greeting(namespace, ready);

    const returned = await events.emit(object, severity, 'greeting "hi" published', extra);

    const expected: FluxEvent = {
      involvedObject: {
        kind: 'Greeting',
        namespace,
        name: 'hello',
        uid: 'uid-1',
        apiVersion: 'examples.driftless.dev/v1',
        resourceVersion: '42',
      },
      severity,
      timestamp: '2025-03-04T05:06:07Z',
      message: 'greeting "hi" published',
      reason,
      reportingController: 'greeting-controller',
      reportingInstance: 'greeting-controller-0',
      ...(metadata ? { metadata } : {}),
    };
    expect(returned).toEqual(expected);
    expect(published).toEqual([expected]);
    expect(logger.warnings).toEqual([]);

    const recorded = await kubernetesEvents(namespace);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace, name: expect.stringMatching(/^hello\./) },
      involvedObject: expected.involvedObject,
      reason,
      message: 'greeting "hi" published',
      type,
      source: { component: 'greeting-controller' },
      reportingComponent: 'greeting-controller',
      reportingInstance: 'greeting-controller-0',
      firstTimestamp: '2025-03-04T05:06:07Z',
      lastTimestamp: '2025-03-04T05:06:07Z',
      count: 1,
    });
    expect(recorded[0]?.metadata.annotations).toEqual(metadata);
  });

  it('gives each event a name of its own', async () => {
    const namespace = await freshNamespace();
    const { events } = recorder();
    for (let i = 0; i < 5; i++) await events.emit(greeting(namespace), 'info', `event ${i}`);
    const recorded = await kubernetesEvents(namespace);
    expect(recorded.map((event) => event.message).sort()).toEqual([
      'event 0',
      'event 1',
      'event 2',
      'event 3',
      'event 4',
    ]);
    expect(new Set(recorded.map((event) => event.metadata.name)).size).toBe(5);
  });

  it('does not prefix metadata keys of a core object with its version', async () => {
    const namespace = await freshNamespace();
    const { events, published } = recorder();
    const configMap: EventObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name: 'settings' } };
    await events.emit(configMap, 'info', 'changed', { metadata: { revision: 'r2' } });
    expect(published[0]?.metadata).toEqual({ revision: 'r2' });
  });

  it('logs a failing publish and still records the Kubernetes event', async () => {
    const namespace = await freshNamespace();
    const { events, logger } = recorder(async () => {
      throw new Error('nats: no responders');
    });
    const returned = await events.emit(greeting(namespace), 'error', 'it broke', { reason: 'BuildFailed' });
    expect(returned.reason).toBe('BuildFailed');
    expect(logger.warnings).toEqual([
      {
        fields: { err: expect.objectContaining({ message: 'nats: no responders' }), reason: 'BuildFailed' },
        message: 'could not publish the event',
      },
    ]);
    expect((await kubernetesEvents(namespace)).map((event) => event.reason)).toEqual(['BuildFailed']);
  });

  it('logs a failing API server and still publishes', async () => {
    const namespace = await freshNamespace();
    const { events, logger, published } = recorder();
    cluster.setFaults({ errorRate: 1 });
    await expect(events.emit(greeting(namespace), 'info', 'all good')).resolves.toMatchObject({ message: 'all good' });
    cluster.setFaults({ errorRate: 0 });

    expect(published.map((event) => event.message)).toEqual(['all good']);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.message).toBe('could not record the Kubernetes event');
    expect((logger.warnings[0]?.fields.err as Error | undefined)?.message).toMatch(
      /^Event\/events-\d+\/hello\.\w+ create failed \(InternalError\): /,
    );
    expect(await kubernetesEvents(namespace)).toEqual([]);
  });

  it('works without a publisher', async () => {
    const namespace = await freshNamespace();
    const logger = recordingLogger();
    const events = new EventRecorder({ controller: 'c', instance: 'i' }, { client, logger });
    await events.emit(greeting(namespace), 'info', 'quiet');
    expect(logger.warnings).toEqual([]);
    expect((await kubernetesEvents(namespace)).map((event) => event.message)).toEqual(['quiet']);
  });
});
