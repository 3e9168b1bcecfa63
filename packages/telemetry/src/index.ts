export type { Logger } from 'pino';
export type { TelemetryConfig } from './config.js';
export { LogFormat, LogLevel, parseTelemetryConfig, telemetryConfig } from './config.js';
export { TelemetryConfigError } from './errors.js';
export type { LogField, ReconcileLogContext } from './log-fields.js';
export { controllerLogger, LogFields, reconcileLogger } from './log-fields.js';
export type { LoggerOptions } from './logger.js';
export { createLogger, defaultLoggerOptions, loggerOptionsFromConfig, resolveLogFormat } from './logger.js';
export type { MetricName } from './metric-names.js';
export {
  ConditionMetricStatus,
  MetricNames,
  reconcileDurationBuckets,
  reconcileTimeBuckets,
  workqueueDurationBuckets,
} from './metric-names.js';
export type { ControllerMetrics, MetricsOptions, ObjectLabels, WorkqueueMetrics } from './metrics.js';
export { createMetrics, defaultMetricsOptions, NatsDirection, ReconcileResult } from './metrics.js';
export { defaultRedactPaths, REDACTED } from './redaction.js';
export { runInSpan } from './run-in-span.js';
export type { Tracing, TracingOptions } from './tracing.js';
export {
  createTracing,
  defaultTracingOptions,
  OTLP_TRACES_PATH,
  resolveOtlpTracesUrl,
  SpanProcessing,
  tracingOptionsFromConfig,
} from './tracing.js';
