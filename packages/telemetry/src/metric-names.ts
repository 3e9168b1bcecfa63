/** Prometheus metric names, equal to Flux's (fluxcd/pkg runtime/metrics) and controller-runtime's. */
export const MetricNames = {
  reconcileDuration: 'gotk_reconcile_duration_seconds',
  reconcileCondition: 'gotk_reconcile_condition',
  suspendStatus: 'gotk_suspend_status',
  workqueueDepth: 'workqueue_depth',
  workqueueAdds: 'workqueue_adds_total',
  workqueueRetries: 'workqueue_retries_total',
  workqueueQueueDuration: 'workqueue_queue_duration_seconds',
  workqueueWorkDuration: 'workqueue_work_duration_seconds',
  workqueueUnfinishedWork: 'workqueue_unfinished_work_seconds',
  workqueueLongestRunning: 'workqueue_longest_running_processor_seconds',
  reconcileTotal: 'controller_runtime_reconcile_total',
  reconcileErrors: 'controller_runtime_reconcile_errors_total',
  reconcileTime: 'controller_runtime_reconcile_time_seconds',
  natsMessages: 'driftless_nats_messages_total',
} as const;
export type MetricName = (typeof MetricNames)[keyof typeof MetricNames];

/** The statuses `gotk_reconcile_condition` reports for each condition type; `Deleted` marks a deleted object. */
export const ConditionMetricStatus = {
  True: 'True',
  False: 'False',
  Unknown: 'Unknown',
  Deleted: 'Deleted',
} as const;
export type ConditionMetricStatus = (typeof ConditionMetricStatus)[keyof typeof ConditionMetricStatus];

function exponentialBuckets(start: number, factor: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((start * factor ** i).toPrecision(12)));
}

/** Flux: prometheus.ExponentialBuckets(10e-9, 10, 10), i.e. 1e-8 … 10 seconds. */
export const reconcileDurationBuckets: readonly number[] = exponentialBuckets(10e-9, 10, 10);

/** controller-runtime workqueue: prometheus.ExponentialBuckets(10e-9, 10, 12), i.e. 1e-8 … 1000 seconds. */
export const workqueueDurationBuckets: readonly number[] = exponentialBuckets(10e-9, 10, 12);

/** controller-runtime controller_runtime_reconcile_time_seconds buckets. */
export const reconcileTimeBuckets: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75,
  2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
