import { z } from 'zod';
import { TelemetryConfigError } from './errors.js';

export const LogLevel = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
  silent: 'silent',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

export const LogFormat = {
  json: 'json',
  pretty: 'pretty',
  auto: 'auto',
} as const;
export type LogFormat = (typeof LogFormat)[keyof typeof LogFormat];

const logLevels = Object.values(LogLevel) as [LogLevel, ...LogLevel[]];
const logFormats = Object.values(LogFormat) as [LogFormat, ...LogFormat[]];

// An exported-but-empty variable (`FOO=`) means "not set", as in most shells and compose files.
const emptyAsUnset = (value: unknown): unknown => (value === '' ? undefined : value);
const lowerCase = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

const optionalUrl = (variable: string) =>
  z.preprocess(emptyAsUnset, z.url({ error: `${variable} must be an absolute URL` }).optional());

export const telemetryConfig = z.object({
  LOG_LEVEL: z
    .preprocess(
      (value) => lowerCase(emptyAsUnset(value)),
      z.enum(logLevels, { error: `LOG_LEVEL must be one of ${logLevels.join('|')}` }).default('info'),
    )
    .describe('Minimum log level: trace, debug, info, warn, error, fatal or silent.'),
  LOG_FORMAT: z
    .preprocess(
      (value) => lowerCase(emptyAsUnset(value)),
      z.enum(logFormats, { error: `LOG_FORMAT must be one of ${logFormats.join('|')}` }).default('auto'),
    )
    .describe('Log output: json (one JSON object a line), pretty (human readable) or auto (pretty only on a TTY).'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl('OTEL_EXPORTER_OTLP_ENDPOINT').describe(
    'Base URL of an OTLP/HTTP collector; traces go to <url>/v1/traces. Tracing is off when neither endpoint is set.',
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT').describe(
    'Full OTLP/HTTP traces URL, used as is; wins over OTEL_EXPORTER_OTLP_ENDPOINT.',
  ),
  OTEL_SERVICE_NAME: z
    .preprocess(emptyAsUnset, z.string().optional())
    .describe('service.name resource attribute of the spans; defaults to the controller name.'),
});

export type TelemetryConfig = z.infer<typeof telemetryConfig>;

/** Parses an env record (never `process.env` implicitly); the error names every bad variable. */
export function parseTelemetryConfig(env: Readonly<Record<string, string | undefined>>): TelemetryConfig {
  const result = telemetryConfig.safeParse(env);
  if (result.success) return result.data;
  const variables = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '')))];
  const details = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new TelemetryConfigError(`invalid telemetry configuration: ${details}`, {
    variables,
    cause: result.error,
  });
}
