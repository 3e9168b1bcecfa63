import type { DestinationStream, Logger, LoggerOptions as PinoOptions } from 'pino';
import { pino } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { LogFormat, TelemetryConfig } from './config.js';
import { defaultRedactPaths, REDACTED } from './redaction.js';

export interface LoggerOptions {
  /** pino level name: trace, debug, info, warn, error, fatal or silent. */
  level: string;
  format: LogFormat;
  /** Where lines go; stdout when unset. */
  destination?: NodeJS.WritableStream | DestinationStream;
  /** Fields on every line, e.g. `{ controller: 'source-controller' }`. */
  base?: Record<string, unknown>;
  /** Whether the destination is a terminal; decides `format: 'auto'`. Defaults to `process.stdout.isTTY`. */
  isTTY?: boolean;
  /** Paths redacted in addition to `defaultRedactPaths`. */
  redact?: readonly string[];
}

export function defaultLoggerOptions(): LoggerOptions {
  return { level: 'info', format: 'auto' };
}

export function loggerOptionsFromConfig(config: Pick<TelemetryConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>): LoggerOptions {
  return { ...defaultLoggerOptions(), level: config.LOG_LEVEL, format: config.LOG_FORMAT };
}

/** Resolves `auto` to `json` or `pretty`. */
export function resolveLogFormat(options: Pick<LoggerOptions, 'format' | 'isTTY'>): 'json' | 'pretty' {
  if (options.format !== 'auto') return options.format;
  return (options.isTTY ?? process.stdout.isTTY === true) ? 'pretty' : 'json';
}

export function createLogger(options: LoggerOptions): Logger {
  const format = resolveLogFormat(options);
  const pinoOptions: PinoOptions = {
    level: options.level,
    base: options.base ?? null,
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    redact: { paths: [...defaultRedactPaths, ...(options.redact ?? [])], censor: REDACTED },
  };
  if (format === 'pretty') {
    const stream = prettyStream({
      destination: options.destination ?? 1,
      colorize: options.isTTY ?? process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    });
    return pino(pinoOptions, stream);
  }
  const jsonOptions: PinoOptions = { ...pinoOptions, formatters: { level: (label) => ({ level: label }) } };
  return options.destination ? pino(jsonOptions, options.destination as DestinationStream) : pino(jsonOptions);
}
