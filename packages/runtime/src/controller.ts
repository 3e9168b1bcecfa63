import { ReconcileRequestAnnotation } from '@driftless/api';
import type { ControllerMetrics, Logger } from '@driftless/telemetry';
import type { Tracer } from '@opentelemetry/api';
import type { EventRecorder } from './event-recorder.js';
import { defaultInformerOptions, Informer } from './informer.js';
import type { KubeClient } from './kube-client.js';
import { createRateLimiter, defaultRateLimiterOptions, type RateLimiterOptions } from './rate-limiter.js';
import {
  OutcomeKind,
  type ReconcilableObject,
  type ReconcileOutcome,
  type Reconciler,
  reconcileObject,
} from './reconcile-driver.js';
import { objectKey, splitObjectKey } from './resource.js';
import { createWorkQueue, runWorkers, type WorkQueue } from './work-queue.js';

export interface ControllerOptions {
  /** `reportingController` and metric label, e.g. `kustomize-controller`. */
  name: string;
  /** Reconciles running at once (`--concurrent`); one object is never reconciled twice at once. */
  concurrency: number;
  /** Watch one namespace only. */
  namespace?: string;
  retry: RateLimiterOptions;
  /** Share of random extra delay on interval requeues, so objects created together spread out. */
  jitter: number;
}

export function defaultControllerOptions(name: string): ControllerOptions {
  return { name, concurrency: 4, retry: defaultRateLimiterOptions(), jitter: 0.05 };
}

export interface ControllerDeps {
  client: KubeClient;
  logger: Logger;
  metrics: ControllerMetrics;
  tracer: Tracer;
  events: EventRecorder;
}

export interface Controller<T extends ReconcilableObject> {
  readonly informer: Informer<T>;
  readonly queue: WorkQueue;
  /** Starts the watch cache (safe before leadership: a standby keeps a warm cache). */
  startCache(): void;
  /** Runs the workers until stop(); waits for the cache to sync first. */
  run(): Promise<void>;
  /** Asks for a reconcile now (NATS requests, dependencies). */
  enqueue(key: string): void;
  /** Stops taking work, lets in-flight reconciles finish for up to `timeoutMs`, stops the watch. */
  stop(timeoutMs: number): Promise<boolean>;
}

/** Ties one kind's watch cache, work queue and reconcile driver together. */
export function createController<T extends ReconcilableObject, S>(
  reconciler: Reconciler<T, S>,
  options: ControllerOptions,
  deps: ControllerDeps,
): Controller<T> {
  const kind = reconciler.type.kind;
  const logger = deps.logger.child({ controller: options.name, kind });
  const informer = new Informer<T>(
    deps.client,
    { ...defaultInformerOptions(reconciler.type), namespace: options.namespace },
    logger,
  );
  const queueName = kind.toLowerCase();
  const queue = createWorkQueue({
    name: queueName,
    rateLimiter: createRateLimiter(options.retry),
    jitter: options.jitter,
    hooks: {
      onAdd: () => deps.metrics.queue.incAdds(queueName),
      onDepth: (depth) => deps.metrics.queue.setDepth(queueName, depth),
      onRetry: () => deps.metrics.queue.incRetries(queueName),
      onQueueLatency: (seconds) => deps.metrics.queue.observeQueueLatency(queueName, seconds),
      onWorkDuration: (seconds) => deps.metrics.queue.observeWorkDuration(queueName, seconds),
    },
  });
  const stopWorkers = new AbortController();
  let workers: Promise<void> | undefined;

  informer.addHandler({
    onAdd: (object) => queue.add(objectKey(object)),
    onUpdate: (object, previous) => {
      if (needsReconcile(object, previous)) queue.add(objectKey(object));
    },
    onDelete: (object) => {
      queue.forget(objectKey(object));
      deps.metrics.markDeleted(labelsOf(kind, object));
    },
  });

  async function reconcileKey(key: string): Promise<void> {
    const live = informer.get(key);
    if (!live) return;
    const started = performance.now();
    let outcome: ReconcileOutcome;
    try {
      outcome = await reconcileObject(reconciler, live, { ...deps, logger }, stopWorkers.signal);
    } catch (error) {
      outcome = { kind: OutcomeKind.Failed, error: error instanceof Error ? error : new Error(String(error)) };
    }
    const seconds = (performance.now() - started) / 1000;
    const labels = labelsOf(kind, live);
    deps.metrics.observeReconcile(labels, seconds);
    deps.metrics.reconcileTime.observe(options.name, seconds);
    deps.metrics.setSuspended(labels, Boolean(live.spec?.suspend));
    if (outcome.conditions) deps.metrics.setConditions(labels, outcome.conditions);
    schedule(key, outcome);
  }

  function schedule(key: string, outcome: ReconcileOutcome): void {
    const log = logger.child(splitObjectKey(key));
    if (outcome.kind === OutcomeKind.Failed) {
      deps.metrics.reconcileErrors.inc(options.name);
      deps.metrics.reconcileTotal.inc(options.name, 'error');
      log.error({ err: outcome.error }, 'reconciliation failed');
      queue.addRateLimited(key);
      return;
    }
    queue.forget(key);
    if (outcome.kind === OutcomeKind.Stalled) log.error({ err: outcome.error }, 'reconciliation stalled');
    if (outcome.kind === OutcomeKind.Waiting) log.info({ reason: outcome.error?.message }, 'waiting');
    if (outcome.requeueAfterMs !== undefined) {
      queue.addAfter(key, outcome.requeueAfterMs);
      deps.metrics.reconcileTotal.inc(options.name, outcome.kind === OutcomeKind.Success ? 'success' : 'requeue_after');
    } else {
      deps.metrics.reconcileTotal.inc(options.name, 'success');
    }
  }

  return {
    informer,
    queue,
    startCache: () => informer.start(),
    async run() {
      informer.start();
      if (!(await informer.waitForSync(stopWorkers.signal))) return;
      workers = runWorkers(
        queue,
        {
          concurrency: options.concurrency,
          signal: stopWorkers.signal,
          onError: (error, key) => logger.error({ err: error, key }, 'reconcile crashed'),
        },
        reconcileKey,
      );
      await workers;
    },
    enqueue: (key) => queue.add(key),
    async stop(timeoutMs) {
      const drained = await queue.shutDownWithDrain(timeoutMs);
      stopWorkers.abort();
      await informer.stop();
      return drained;
    },
  };
}

/** Flux's predicates: a new generation, a reconcile request, or the start of a deletion. */
function needsReconcile(object: ReconcilableObject, previous: ReconcilableObject): boolean {
  const annotation = (o: ReconcilableObject) => o.metadata.annotations?.[ReconcileRequestAnnotation];
  return (
    object.metadata.generation !== previous.metadata.generation ||
    annotation(object) !== annotation(previous) ||
    (object.metadata.deletionTimestamp !== undefined && previous.metadata.deletionTimestamp === undefined)
  );
}

function labelsOf(kind: string, object: ReconcilableObject) {
  return { kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name };
}
