import type { CliIo } from '../../context/cli-io.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { formatLogEntry, type LogEntry, type LogFilter, matchesLogFilter, parseLogLine } from './log-entry.js';

export interface LogPrinterOptions {
  filter: LogFilter;
  /** Per controller, only the last N lines of what was logged before (the follow part is not cut). */
  tail?: number;
  json: boolean;
}

/** Filters, cuts and prints log lines; counts what it printed so the command can say "no logs found". */
export interface LogPrinter {
  /** Lines logged before the command started: tailed per controller, then printed in time order. */
  printBacklog(lines: Array<{ line: string; controller: string }>): void;
  /** A line logged while following: printed at once when it passes the filter. */
  printLive(line: string, controller: string): void;
  printed(): number;
}

export function createLogPrinter(options: LogPrinterOptions, io: CliIo): LogPrinter {
  const paint = painter(colorEnabled(io.stdout, io.env));
  let count = 0;
  const write = (entry: LogEntry) => {
    count += 1;
    io.stdout.write(options.json ? `${entry.raw}\n` : formatLogEntry(entry, paint));
  };
  const accept = (line: string, controller: string) => {
    const entry = parseLogLine(line.trim(), controller);
    return entry && matchesLogFilter(entry, options.filter) ? entry : undefined;
  };
  return {
    printBacklog(lines) {
      const entries = lines.flatMap(({ line, controller }) => accept(line, controller) ?? []);
      for (const entry of byTime(tailPerController(entries, options.tail))) write(entry);
    },
    printLive(line, controller) {
      const entry = accept(line, controller);
      if (entry) write(entry);
    },
    printed: () => count,
  };
}

function tailPerController(entries: LogEntry[], tail: number | undefined): LogEntry[] {
  if (tail === undefined) return entries;
  const groups = new Map<string, LogEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.controller) ?? [];
    group.push(entry);
    groups.set(entry.controller, group);
  }
  return [...groups.values()].flatMap((group) => (tail === 0 ? [] : group.slice(-tail)));
}

/** Stable sort by time: lines without a time keep their place relative to their neighbours' order. */
function byTime(entries: LogEntry[]): LogEntry[] {
  const key = (entry: LogEntry) => (Number.isNaN(entry.time) ? 0 : entry.time);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => key(a.entry) - key(b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
}
