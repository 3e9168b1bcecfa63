import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import {
  ConditionMetricStatus,
  MetricNames,
  reconcileDurationBuckets,
  reconcileTimeBuckets,
  workqueueDurationBuckets,
} from './metric-names.js';

export interface ObjectLabels {
  kind: string;
  namespace: string;
  name: string;
}

export const ReconcileResult = {
  success: 'success',
  error: 'error',
  requeue: 'requeue',
  requeueAfter: 'requeue_after',
} as const;
export type ReconcileResult = (typeof ReconcileResult)[keyof typeof ReconcileResult];

export const NatsDirection = {
  published: 'published',
  received: 'received',
  dropped: 'dropped',
} as const;
export type NatsDirection = (typeof NatsDirection)[keyof typeof NatsDirection];

export interface WorkqueueMetrics {
  setDepth(name: string, depth: number): void;
  incAdds(name: string): void;
  incRetries(name: string): void;
  observeQueueLatency(name: string, seconds: number): void;
  observeWorkDuration(name: string, seconds: number): void;
  setUnfinishedWork(name: string, seconds: number): void;
  setLongestRunning(name: string, seconds: number): void;
}

export interface ControllerMetrics {
  /** A registry of its own, never prom-client's global one. */
  registry: Registry;
  contentType: string;
  render(): Promise<string>;
  observeReconcile(obj: ObjectLabels, seconds: number): void;
  setConditions(obj: ObjectLabels, conditions: ReadonlyArray<{ type: string; status: string }>): void;
  markDeleted(obj: ObjectLabels): void;
  setSuspended(obj: ObjectLabels, suspended: boolean): void;
  queue: WorkqueueMetrics;
  nats: { message(direction: NatsDirection, kind: string): void };
  reconcileErrors: { inc(controller: string): void };
  reconcileTotal: { inc(controller: string, result: ReconcileResult): void };
  reconcileTime: { observe(controller: string, seconds: number): void };
}

export interface MetricsOptions {
  registry?: Registry;
  /** prom-client's process_* and nodejs_* collectors. */
  defaultMetrics?: boolean;
}

export function defaultMetricsOptions(): MetricsOptions {
  return { defaultMetrics: true };
}

const conditionStatuses = Object.values(ConditionMetricStatus);

function objectKey(obj: ObjectLabels): string {
  return `${obj.kind}/${obj.namespace}/${obj.name}`;
}

export function createMetrics(options: MetricsOptions = defaultMetricsOptions()): ControllerMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const reconcileDuration = new Histogram({
    name: MetricNames.reconcileDuration,
    help: 'The duration in seconds of a GitOps Toolkit resource reconciliation.',
    labelNames: ['kind', 'name', 'namespace'] as const,
    buckets: [...reconcileDurationBuckets],
    registers,
  });
  const condition = new Gauge({
    name: MetricNames.reconcileCondition,
    help: 'The current condition status of a GitOps Toolkit resource reconciliation.',
    labelNames: ['kind', 'name', 'namespace', 'type', 'status'] as const,
    registers,
  });
  const suspend = new Gauge({
    name: MetricNames.suspendStatus,
    help: 'The current suspend status of a GitOps Toolkit resource.',
    labelNames: ['kind', 'name', 'namespace'] as const,
    registers,
  });

  const queueLabels = ['name', 'controller'] as const;
  const depth = new Gauge({
    name: MetricNames.workqueueDepth,
    help: 'Current depth of workqueue',
    labelNames: queueLabels,
    registers,
  });
  const adds = new Counter({
    name: MetricNames.workqueueAdds,
    help: 'Total number of adds handled by workqueue',
    labelNames: queueLabels,
    registers,
  });
  const retries = new Counter({
    name: MetricNames.workqueueRetries,
    help: 'Total number of retries handled by workqueue',
    labelNames: queueLabels,
    registers,
  });
  const queueLatency = new Histogram({
    name: MetricNames.workqueueQueueDuration,
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: queueLabels,
    buckets: [...workqueueDurationBuckets],
    registers,
  });
  const workDuration = new Histogram({
    name: MetricNames.workqueueWorkDuration,
    help: 'How long in seconds processing an item from workqueue takes.',
    labelNames: queueLabels,
    buckets: [...workqueueDurationBuckets],
    registers,
  });
  const unfinishedWork = new Gauge({
    name: MetricNames.workqueueUnfinishedWork,
    help: "How many seconds of work has been done that is in progress and hasn't been observed by work_duration.",
    labelNames: queueLabels,
    registers,
  });
  const longestRunning = new Gauge({
    name: MetricNames.workqueueLongestRunning,
    help: 'How many seconds has the longest running processor for workqueue been running.',
    labelNames: queueLabels,
    registers,
  });

  const reconcileTotal = new Counter({
    name: MetricNames.reconcileTotal,
    help: 'Total number of reconciliations per controller',
    labelNames: ['controller', 'result'] as const,
    registers,
  });
  const reconcileErrors = new Counter({
    name: MetricNames.reconcileErrors,
    help: 'Total number of reconciliation errors per controller',
    labelNames: ['controller'] as const,
    registers,
  });
  const reconcileTime = new Histogram({
    name: MetricNames.reconcileTime,
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'] as const,
    buckets: [...reconcileTimeBuckets],
    registers,
  });
  const natsMessages = new Counter({
    name: MetricNames.natsMessages,
    help: 'NATS messages published, received or dropped by this controller, by message kind',
    labelNames: ['direction', 'kind'] as const,
    registers,
  });

  // Condition types reported per object, so that a type that disappears from the status loses its series.
  const reportedTypes = new Map<string, Set<string>>();

  const setCondition = (obj: ObjectLabels, type: string, current: string) => {
    for (const status of conditionStatuses) {
      condition.set(
        { kind: obj.kind, name: obj.name, namespace: obj.namespace, type, status },
        status === current ? 1 : 0,
      );
    }
  };

  const queue = (name: string) => ({ name, controller: name });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observeReconcile(obj, seconds) {
      reconcileDuration.observe({ kind: obj.kind, name: obj.name, namespace: obj.namespace }, seconds);
    },
    setConditions(obj, conditions) {
      const key = objectKey(obj);
      const previous = reportedTypes.get(key) ?? new Set<string>();
      const current = new Set(conditions.map((c) => c.type));
      for (const type of previous) {
        if (current.has(type)) continue;
        for (const status of conditionStatuses) {
          condition.remove({ kind: obj.kind, name: obj.name, namespace: obj.namespace, type, status });
        }
      }
      for (const c of conditions) setCondition(obj, c.type, c.status);
      reportedTypes.set(key, current);
    },
    markDeleted(obj) {
      const key = objectKey(obj);
      const reported = reportedTypes.get(key);
      const types = reported && reported.size > 0 ? reported : new Set(['Ready']);
      for (const type of types) setCondition(obj, type, ConditionMetricStatus.Deleted);
      reportedTypes.set(key, types);
    },
    setSuspended(obj, suspended) {
      suspend.set({ kind: obj.kind, name: obj.name, namespace: obj.namespace }, suspended ? 1 : 0);
    },
    queue: {
      setDepth: (name, value) => depth.set(queue(name), value),
      incAdds: (name) => adds.inc(queue(name)),
      incRetries: (name) => retries.inc(queue(name)),
      observeQueueLatency: (name, seconds) => queueLatency.observe(queue(name), seconds),
      observeWorkDuration: (name, seconds) => workDuration.observe(queue(name), seconds),
      setUnfinishedWork: (name, seconds) => unfinishedWork.set(queue(name), seconds),
      setLongestRunning: (name, seconds) => longestRunning.set(queue(name), seconds),
    },
    nats: { message: (direction, kind) => natsMessages.inc({ direction, kind }) },
    reconcileErrors: { inc: (controller) => reconcileErrors.inc({ controller }) },
    reconcileTotal: { inc: (controller, result) => reconcileTotal.inc({ controller, result }) },
    reconcileTime: { observe: (controller, seconds) => reconcileTime.observe({ controller }, seconds) },
  };
}
