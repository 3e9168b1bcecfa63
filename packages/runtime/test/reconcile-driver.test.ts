import type { Condition, FluxEvent } from '@driftless/api';
import type { DevCluster } from '@driftless/devcluster';
import { createTracing } from '@driftless/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DriverDeps,
  EventRecorder,
  KubeClient,
  loadKubeConfig,
  markTrue,
  NotFoundError,
  type ReconcilableObject,
  type ReconcileOutcome,
  type Reconciler,
  type ReconcileStep,
  reconcileObject,
  StallingError,
  TransientError,
  WaitAnnouncement,
  WaitingError,
} from '../src/index.js';
import { startGreetingCluster } from './cluster.js';
// @ts-expect-error plain JavaScript fixture, shared with the child processes
import { greetingType } from './fixtures/greeting-controller.mjs';
import { quietLogger } from './support.js';

const finalizer = 'finalizers.fluxcd.io';
const requestedAt = 'reconcile.fluxcd.io/requestedAt';
const mergePatch = 'application/merge-patch+json' as const;
const newGeneration = 'processing object: new generation 0 -> 1';

interface Greeting extends ReconcilableObject {
  spec?: { message?: string; interval?: string; suspend?: boolean };
}
interface State {
  ran: string[];
}
type Step = ReconcileStep<Greeting, State>;

/** A step that notes it ran, then does `then`. */
function step(
  name: string,
  then: (object: Greeting) => Promise<{ requeueAfterMs?: number } | undefined> | undefined = async () => undefined,
): Step {
  const run: Step = async (_ctx, object, state) => {
    state.ran.push(name);
    return then(object);
  };
  Object.defineProperty(run, 'name', { value: name });
  return run;
}

/** A step that fails with 'remote said no'. */
function refusingStep(): Step {
  return step('fail', async () => {
    throw new Error('remote said no');
  });
}

/** Conditions without their times, which the tests cannot know. */
function withoutTimes(conditions: ReadonlyArray<Condition> | undefined) {
  return conditions?.map(({ lastTransitionTime, ...rest }) => {
    expect(lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    return rest;
  });
}

describe('reconcileObject on a dev cluster', () => {
  let cluster: DevCluster;
  let client: KubeClient;
  let namespaceCount = 0;
  const published: FluxEvent[] = [];
  let deps: DriverDeps;
  const lastRun: State = { ran: [] };

  beforeAll(async () => {
    ({ cluster } = await startGreetingCluster());
    // A client of our own: startGreetingCluster's comes from another copy of the module under vitest,
    // so its errors would fail `instanceof NotFoundError` here and in the driver.
    client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
    const logger = quietLogger();
    deps = {
      client,
      logger,
      tracer: createTracing({ serviceName: 'reconcile-driver-test' }).tracer,
      events: new EventRecorder(
        { controller: 'greeting-controller', instance: 'test' },
        { client, logger, publish: async (event) => void published.push(event) },
      ),
    };
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function freshNamespace(): Promise<string> {
    namespaceCount += 1;
    const name = `driver-${namespaceCount}`;
    await client.create(
      { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    );
    return name;
  }

  async function createGreeting(
    spec: Greeting['spec'] = { message: 'hi', interval: '1m' },
    metadata: { annotations?: Record<string, string>; finalizers?: string[] } = {},
  ): Promise<Greeting> {
    const namespace = await freshNamespace();
    return client.create<Greeting>(greetingType, {
      apiVersion: 'examples.driftless.dev/v1',
      kind: 'Greeting',
      metadata: { namespace, name: 'hello', ...metadata },
      spec,
    });
  }

  function fetch(object: Greeting): Promise<Greeting> {
    return client.get<Greeting>(greetingType, object.metadata.namespace, object.metadata.name);
  }

  function reconciler(steps: Step[], extra: Partial<Reconciler<Greeting, State>> = {}): Reconciler<Greeting, State> {
    return {
      type: greetingType,
      finalizer,
      newState: () => lastRun,
      steps,
      eventMetadata: (object) => ({ revision: object.spec?.message ?? '' }),
      ...extra,
    };
  }

  function reconcile(steps: Step[], object: Greeting, extra: Partial<Reconciler<Greeting, State>> = {}) {
    lastRun.ran = [];
    return reconcileObject(reconciler(steps, extra), object, deps, new AbortController().signal);
  }

  function eventsFor(object: Greeting): FluxEvent[] {
    return published.filter((event) => event.involvedObject.namespace === object.metadata.namespace);
  }

  it.each([
    {
      name: 'success: Ready True, observedGeneration set, requeue at spec.interval',
      steps: [step('first'), step('second')],
      ran: ['first', 'second'],
      outcome: { kind: 'success', requeueAfterMs: 60_000 },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: 1,
          reason: 'Succeeded',
          message: 'Reconciliation finished',
        },
      ],
      observedGeneration: 1,
      event: { severity: 'info', reason: 'Succeeded', message: 'Reconciliation finished' },
    },
    {
      name: 'success where a step says why it is Ready',
      steps: [
        step('publish', async (object) => {
          markTrue(object, 'Ready', 'Succeeded', 'greeting "hi" published');
          return undefined;
        }),
      ],
      ran: ['publish'],
      outcome: { kind: 'success', requeueAfterMs: 60_000 },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: 1,
          reason: 'Succeeded',
          message: 'greeting "hi" published',
        },
      ],
      observedGeneration: 1,
      event: { severity: 'info', reason: 'Succeeded', message: 'greeting "hi" published' },
    },
    {
      name: 'StallingError: Stalled True and Ready False with its reason, no requeue',
      steps: [
        step('check', async () => {
          throw new StallingError('EmptyMessage', 'spec.message must not be empty');
        }),
        step('never'),
      ],
      ran: ['check'],
      outcome: { kind: 'stalled', requeueAfterMs: undefined },
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          observedGeneration: 1,
          reason: 'EmptyMessage',
          message: 'spec.message must not be empty',
        },
        {
          type: 'Stalled',
          status: 'True',
          observedGeneration: 1,
          reason: 'EmptyMessage',
          message: 'spec.message must not be empty',
        },
      ],
      observedGeneration: 1,
      event: { severity: 'error', reason: 'EmptyMessage', message: 'spec.message must not be empty' },
    },
    {
      name: 'WaitingError: Ready False, requeue after the error’s delay',
      steps: [
        step('dependencies', async () => {
          throw new WaitingError('DependencyNotReady', 'dependency default/db is not ready', 30_000);
        }),
        step('never'),
      ],
      ran: ['dependencies'],
      outcome: { kind: 'waiting', requeueAfterMs: 30_000 },
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          observedGeneration: 1,
          reason: 'DependencyNotReady',
          message: 'dependency default/db is not ready',
        },
        { type: 'Reconciling', status: 'True', observedGeneration: 1, reason: 'Progressing', message: newGeneration },
      ],
      observedGeneration: undefined,
      event: { severity: 'error', reason: 'DependencyNotReady', message: 'dependency default/db is not ready' },
    },
    ...(
      [
        [WaitAnnouncement.Info, { severity: 'info', reason: 'DependencyNotReady', message: 'waiting for default/db' }],
        [WaitAnnouncement.Silent, undefined],
      ] as const
    ).map(([announce, event]) => ({
      name: `WaitingError announced as ${announce}: ${event ? 'an info event' : 'no event'} (waiting pages no one)`,
      steps: [
        step('dependencies', async () => {
          throw new WaitingError('DependencyNotReady', 'waiting for default/db', 30_000, { announce });
        }),
      ],
      ran: ['dependencies'],
      outcome: { kind: 'waiting', requeueAfterMs: 30_000 },
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          observedGeneration: 1,
          reason: 'DependencyNotReady',
          message: 'waiting for default/db',
        },
        { type: 'Reconciling', status: 'True', observedGeneration: 1, reason: 'Progressing', message: newGeneration },
      ],
      observedGeneration: undefined,
      event,
    })),
    {
      name: 'plain Error: Ready False, Reconciling ProgressingWithRetry, backoff',
      steps: [
        step('fetch', async () => {
          throw new Error('  connection reset  ');
        }),
        step('never'),
      ],
      ran: ['fetch'],
      outcome: { kind: 'failed', requeueAfterMs: undefined },
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          observedGeneration: 1,
          reason: 'ReconciliationFailed',
          message: 'connection reset',
        },
        {
          type: 'Reconciling',
          status: 'True',
          observedGeneration: 1,
          reason: 'ProgressingWithRetry',
          message: 'connection reset',
        },
      ],
      observedGeneration: undefined,
      event: { severity: 'error', reason: 'ReconciliationFailed', message: 'connection reset' },
    },
    {
      name: 'TransientError: Ready False with its reason, backoff',
      steps: [
        step('download', async () => {
          throw new TransientError('ArtifactFailed', 'artifact download failed');
        }),
      ],
      ran: ['download'],
      outcome: { kind: 'failed', requeueAfterMs: undefined },
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          observedGeneration: 1,
          reason: 'ArtifactFailed',
          message: 'artifact download failed',
        },
        {
          type: 'Reconciling',
          status: 'True',
          observedGeneration: 1,
          reason: 'ProgressingWithRetry',
          message: 'artifact download failed',
        },
      ],
      observedGeneration: undefined,
      event: { severity: 'error', reason: 'ArtifactFailed', message: 'artifact download failed' },
    },
    {
      name: 'a requeue stops later steps and keeps the first step’s delay',
      steps: [
        step('first'),
        step('wait', async () => ({ requeueAfterMs: 5_000 })),
        step('later', async () => ({ requeueAfterMs: 100 })),
      ],
      ran: ['first', 'wait'],
      outcome: { kind: 'requeue', requeueAfterMs: 5_000 },
      conditions: [
        { type: 'Reconciling', status: 'True', observedGeneration: 1, reason: 'Progressing', message: newGeneration },
      ],
      observedGeneration: undefined,
      event: undefined,
    },
  ])('$name', async ({ steps, ran, outcome, conditions, observedGeneration, event }) => {
    const created = await createGreeting();
    const result: ReconcileOutcome = await reconcile(steps, created);

    expect(lastRun.ran).toEqual(ran);
    expect(result.kind).toBe(outcome.kind);
    expect(result.requeueAfterMs).toBe(outcome.requeueAfterMs);
    expect(withoutTimes(result.conditions as Condition[])).toEqual(conditions);

    const live = await fetch(created);
    expect(withoutTimes(live.status?.conditions)).toEqual(conditions);
    expect(live.status?.observedGeneration).toBe(observedGeneration);
    expect(live.metadata.finalizers).toEqual([finalizer]);
    expect(live.spec).toEqual(created.spec);

    const events = eventsFor(created);
    if (event === undefined) {
      expect(events).toEqual([]);
    } else {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        ...event,
        involvedObject: { kind: 'Greeting', namespace: created.metadata.namespace, name: 'hello' },
        metadata: { 'examples.driftless.dev/revision': 'hi' },
        reportingController: 'greeting-controller',
      });
    }
  });

  it('removes Stalled and Reconciling once a later reconcile succeeds', async () => {
    const created = await createGreeting();
    const stall = step('check', async () => {
      throw new StallingError('EmptyMessage', 'spec.message must not be empty');
    });
    await reconcile([stall], created);
    const stalled = await fetch(created);
    const failedAt = stalled.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;

    const outcome = await reconcile([step('ok')], stalled);
    expect(outcome.kind).toBe('success');
    const live = await fetch(created);
    expect(withoutTimes(live.status?.conditions)).toEqual([
      { type: 'Ready', status: 'True', observedGeneration: 1, reason: 'Succeeded', message: 'Reconciliation finished' },
    ]);
    expect(live.status?.observedGeneration).toBe(1);
    expect(failedAt).toBeDefined();
  });

  it('runs no step for a suspended object, but still adds its finalizer', async () => {
    const created = await createGreeting({ message: 'hi', interval: '1m', suspend: true });
    const outcome = await reconcile([step('never')], created);
    expect(outcome).toEqual({ kind: 'suspended' });
    expect(lastRun.ran).toEqual([]);
    const live = await fetch(created);
    expect(live.status).toBeUndefined();
    expect(live.metadata.finalizers).toEqual([finalizer]);
  });

  it('adds its finalizer on the first reconcile next to the ones already there, and only once', async () => {
    const created = await createGreeting(undefined, { finalizers: ['example.com/keep'] });
    await reconcile([step('ok')], created);
    const first = await fetch(created);
    expect(first.metadata.finalizers).toEqual(['example.com/keep', finalizer]);

    await reconcile([step('ok')], first);
    expect((await fetch(created)).metadata.finalizers).toEqual(['example.com/keep', finalizer]);
  });

  it('on deletion runs cleanup while the finalizer still holds the object, then removes the finalizer', async () => {
    const created = await createGreeting();
    await reconcile([step('ok')], created);
    await client.delete(greetingType, { namespace: created.metadata.namespace, name: 'hello' });
    const deleting = await fetch(created);
    expect(deleting.metadata.deletionTimestamp).toBeDefined();

    const seenInCleanup: Array<string[] | undefined> = [];
    const outcome = await reconcile([step('never')], deleting, {
      cleanup: async (_ctx, object) => {
        seenInCleanup.push((await fetch(object)).metadata.finalizers);
      },
    });
    expect(outcome).toEqual({ kind: 'gone' });
    expect(lastRun.ran).toEqual([]);
    expect(seenInCleanup).toEqual([[finalizer]]);
    await expect(fetch(created)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps the finalizer when cleanup fails, so the next attempt can clean up', async () => {
    const created = await createGreeting();
    await reconcile([step('ok')], created);
    await client.delete(greetingType, { namespace: created.metadata.namespace, name: 'hello' });
    const deleting = await fetch(created);

    await expect(
      reconcile([], deleting, {
        cleanup: async () => {
          throw new Error('could not delete the ConfigMap');
        },
      }),
    ).rejects.toThrow('could not delete the ConfigMap');
    expect((await fetch(created)).metadata.finalizers).toEqual([finalizer]);
  });

  it('skips cleanup of a suspended object being deleted, and still removes the finalizer', async () => {
    const created = await createGreeting({ message: 'hi', suspend: true });
    await reconcile([], created);
    await client.delete(greetingType, { namespace: created.metadata.namespace, name: 'hello' });
    let cleaned = false;
    const outcome = await reconcile([], await fetch(created), {
      cleanup: async () => {
        cleaned = true;
      },
    });
    expect(outcome.kind).toBe('gone');
    expect(cleaned).toBe(false);
    await expect(fetch(created)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('patches only status: a spec changed meanwhile survives, and a step’s local spec edit is not written', async () => {
    const created = await createGreeting();
    const concurrentEdit = step('edit', async (object) => {
      await client.patch(
        greetingType,
        { namespace: object.metadata.namespace, name: 'hello' },
        { spec: { message: 'changed by someone else' } },
        { patchType: mergePatch },
      );
      object.spec = { ...object.spec, message: 'changed locally' };
      return undefined;
    });

    const outcome = await reconcile([concurrentEdit], created);
    expect(outcome.kind).toBe('success');
    const live = await fetch(created);
    expect(live.spec).toEqual({ message: 'changed by someone else', interval: '1m' });
    expect(live.metadata.generation).toBe(2);
    // The reconcile handled generation 1; the next one will see 2 as new.
    expect(live.status?.observedGeneration).toBe(1);
    expect(withoutTimes(live.status?.conditions)).toEqual([
      { type: 'Ready', status: 'True', observedGeneration: 1, reason: 'Succeeded', message: 'Reconciliation finished' },
    ]);
  });

  it.each([
    { name: 'success', steps: [step('ok')] },
    {
      name: 'stall',
      steps: [
        step('stall', async () => {
          throw new StallingError('EmptyMessage', 'empty');
        }),
      ],
    },
    {
      name: 'failure',
      steps: [
        step('fail', async () => {
          throw new Error('boom');
        }),
      ],
    },
    {
      name: 'wait',
      steps: [
        step('wait', async () => {
          throw new WaitingError('DependencyNotReady', 'not yet', 1000);
        }),
      ],
    },
  ])('copies reconcile.fluxcd.io/requestedAt to status.lastHandledReconcileAt on $name', async ({ steps }) => {
    const created = await createGreeting(undefined, { annotations: { [requestedAt]: '2025-01-01T00:00:00Z' } });
    await reconcile(steps, created);
    expect((await fetch(created)).status?.lastHandledReconcileAt).toBe('2025-01-01T00:00:00Z');

    await client.patch(
      greetingType,
      { namespace: created.metadata.namespace, name: 'hello' },
      { metadata: { annotations: { [requestedAt]: 'again' } } },
      { patchType: mergePatch },
    );
    await reconcile(steps, await fetch(created));
    expect((await fetch(created)).status?.lastHandledReconcileAt).toBe('again');
  });

  it('emits one event per Ready change, not one per reconcile', async () => {
    const created = await createGreeting();
    const ok = [step('ok')];
    const failing = [refusingStep()];

    for (const steps of [ok, ok, ok, failing, failing, ok, ok]) await reconcile(steps, await fetch(created));

    expect(eventsFor(created).map((event) => [event.severity, event.reason, event.message])).toEqual([
      ['info', 'Succeeded', 'Reconciliation finished'],
      ['error', 'ReconciliationFailed', 'remote said no'],
      ['info', 'Succeeded', 'Reconciliation finished'],
    ]);
  });

  it('keeps success events for failures and recoveries when the reconciler announces its own', async () => {
    const created = await createGreeting();
    const ok = [step('ok')];
    const failing = [refusingStep()];

    for (const steps of [ok, failing, ok]) {
      await reconcile(steps, await fetch(created), { announceSuccess: false });
    }

    expect(eventsFor(created).map((event) => [event.severity, event.reason])).toEqual([
      ['error', 'ReconciliationFailed'],
      ['info', 'Succeeded'],
    ]);
  });

  it('runs afterStatusWritten once the status is in the cluster, and fails the reconcile when it throws', async () => {
    const created = await createGreeting();
    const seenReady: (string | undefined)[] = [];
    const afterStatusWritten = async (_ctx: unknown, object: Greeting) => {
      const stored = await fetch(object);
      seenReady.push(stored.status?.conditions?.find((c) => c.type === 'Ready')?.status);
    };

    const first = await reconcile([step('ok')], await fetch(created), { afterStatusWritten });
    const second = await reconcile([step('ok')], await fetch(created), {
      afterStatusWritten: async () => {
        throw new Error('bus unreachable');
      },
    });

    expect(seenReady).toEqual(['True']);
    expect(first.kind).toBe('success');
    expect(second.kind).toBe('failed');
    expect(second.error?.message).toBe('bus unreachable');
  });

  it('releases the state however the steps end', async () => {
    const created = await createGreeting();
    const released: string[][] = [];
    const releaseState = async (state: State) => void released.push([...state.ran]);
    const failing = refusingStep();

    await reconcile([step('ok')], await fetch(created), { releaseState });
    await reconcile([step('first'), failing, step('never')], await fetch(created), { releaseState });

    expect(released).toEqual([['ok'], ['first', 'fail']]);
  });
});
