import type { Color, Paint } from '../../output/colors.js';

/** The child-logger fields of @driftless/telemetry's LogFields (the cli does not depend on telemetry). */
const LogFields = { controller: 'controller', kind: 'kind', namespace: 'namespace', name: 'name' } as const;

/** pino's level numbers; the controllers write the label, older or foreign lines the number. */
export const LogLevel = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevelName = keyof typeof LogLevel;

/** One controller log line, with the fields the filters and the people format need. */
export interface LogEntry {
  raw: string;
  /** Milliseconds since the epoch; NaN when the line has no readable time. */
  time: number;
  level: number;
  controller: string;
  kind?: string;
  namespace?: string;
  name?: string;
  msg: string;
  error?: string;
}

export interface LogFilter {
  controllers: string[];
  minLevel?: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Only lines at or after this time (ms since the epoch). */
  sinceMs?: number;
}

/** Parses one pino JSON line; undefined for anything else (blank lines, plain text, pretty output). */
export function parseLogLine(raw: string, fallbackController: string): LogEntry | undefined {
  if (!raw.startsWith('{')) return undefined;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  return {
    raw,
    time: parseTime(record.time),
    level: parseLevel(record.level),
    controller: text(record[LogFields.controller]) ?? fallbackController,
    kind: text(record[LogFields.kind]),
    namespace: text(record[LogFields.namespace]),
    name: text(record[LogFields.name]),
    msg: text(record.msg) ?? '',
    error: errorText(record.err ?? record.error),
  };
}

export function matchesLogFilter(entry: LogEntry, filter: LogFilter): boolean {
  const same = (wanted: string | undefined, value: string | undefined) =>
    wanted === undefined || wanted.toLowerCase() === value?.toLowerCase();
  return (
    (filter.controllers.length === 0 || filter.controllers.includes(entry.controller)) &&
    (filter.minLevel === undefined || entry.level >= filter.minLevel) &&
    same(filter.kind, entry.kind) &&
    same(filter.name, entry.name) &&
    same(filter.namespace, entry.namespace) &&
    (filter.sinceMs === undefined || !(entry.time < filter.sinceMs))
  );
}

/** `time level controller kind/ns/name message`, the level coloured on a terminal. */
export function formatLogEntry(entry: LogEntry, paint: Paint): string {
  const time = Number.isNaN(entry.time) ? '-' : new Date(entry.time).toISOString();
  const level = levelName(entry.level);
  const color = levelColor(entry.level);
  const parts = [time, color ? paint(color, level.padEnd(5)) : level.padEnd(5), entry.controller];
  if (entry.kind) parts.push([entry.kind, entry.namespace, entry.name].filter(Boolean).join('/'));
  parts.push(entry.error ? `${entry.msg}: ${entry.error}` : entry.msg);
  return `${parts.join(' ')}\n`;
}

export function levelName(level: number): string {
  let name = 'trace';
  for (const [label, value] of Object.entries(LogLevel)) if (level >= value) name = label;
  return name;
}

function levelColor(level: number): Color | undefined {
  if (level >= LogLevel.error) return 'red';
  if (level >= LogLevel.warn) return 'yellow';
  if (level >= LogLevel.info) return 'green';
  return 'gray';
}

function parseTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

function parseLevel(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in LogLevel) return LogLevel[value as LogLevelName];
  return LogLevel.info;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return text((value as { message?: unknown }).message);
  return undefined;
}
