import type { Tracer } from '@opentelemetry/api';
import { context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { AsyncLocalStorageContextManager } from './async-context-manager.js';
import type { TelemetryConfig } from './config.js';

export const OTLP_TRACES_PATH = '/v1/traces';

export const SpanProcessing = {
  batch: 'batch',
  simple: 'simple',
} as const;
export type SpanProcessing = (typeof SpanProcessing)[keyof typeof SpanProcessing];

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
  /**
   * OTLP/HTTP collector. A base URL gets `/v1/traces` appended (as OTEL_EXPORTER_OTLP_ENDPOINT);
   * a URL already ending in `/v1/traces` is used as is.
   */
  otlpEndpoint?: string;
  /** Exact traces URL (as OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); wins over `otlpEndpoint`. */
  otlpTracesEndpoint?: string;
  /** Export spans here instead of OTLP (tests inject an InMemorySpanExporter). */
  exporter?: SpanExporter;
  /** Defaults to `batch` for OTLP and `simple` (export on end) for an injected exporter. */
  processing?: SpanProcessing;
}

export interface Tracing {
  tracer: Tracer;
  /** Whether spans are recorded and exported at all. */
  enabled: boolean;
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

export function defaultTracingOptions(): TracingOptions {
  return { serviceName: 'driftless' };
}

/** Builds tracing options from the config fragment; OTEL_SERVICE_NAME wins over `serviceName`. */
export function tracingOptionsFromConfig(
  config: Pick<
    TelemetryConfig,
    'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SERVICE_NAME'
  >,
  service: { serviceName: string; serviceVersion?: string },
): TracingOptions {
  const options: TracingOptions = { serviceName: config.OTEL_SERVICE_NAME ?? service.serviceName };
  if (service.serviceVersion !== undefined) options.serviceVersion = service.serviceVersion;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined) options.otlpEndpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined) {
    options.otlpTracesEndpoint = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  }
  return options;
}

/** The URL spans are POSTed to, or undefined when no collector is configured. */
export function resolveOtlpTracesUrl(options: Pick<TracingOptions, 'otlpEndpoint' | 'otlpTracesEndpoint'>) {
  if (options.otlpTracesEndpoint) return options.otlpTracesEndpoint;
  if (!options.otlpEndpoint) return undefined;
  const base = options.otlpEndpoint.replace(/\/+$/, '');
  return base.endsWith(OTLP_TRACES_PATH) ? base : base + OTLP_TRACES_PATH;
}

let contextManagerRegistered = false;

function ensureContextManager(): void {
  if (contextManagerRegistered) return;
  // Returns false when the host application already registered its own manager; that one is kept.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerRegistered = true;
}

function spanProcessor(options: TracingOptions): SpanProcessor | undefined {
  const url = resolveOtlpTracesUrl(options);
  const exporter = options.exporter ?? (url ? new OTLPTraceExporter({ url }) : undefined);
  if (!exporter) return undefined;
  const processing = options.processing ?? (options.exporter ? SpanProcessing.simple : SpanProcessing.batch);
  return processing === SpanProcessing.simple ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
}

/**
 * A tracer provider of its own (not registered as the global one). Without an exporter or endpoint spans are
 * not sampled: they cost an id and carry the context, nothing is recorded.
 */
export function createTracing(options: TracingOptions): Tracing {
  ensureContextManager();
  const processor = spanProcessor(options);
  const resource = defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: options.serviceVersion }),
    }),
  );
  const provider = new BasicTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: processor ? new AlwaysOnSampler() : new AlwaysOffSampler() }),
    spanProcessors: processor ? [processor] : [],
  });
  return {
    tracer: provider.getTracer(options.serviceName, options.serviceVersion),
    enabled: processor !== undefined,
    shutdown: () => provider.shutdown(),
    forceFlush: () => provider.forceFlush(),
  };
}
