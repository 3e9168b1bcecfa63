import type { BusLogger } from '../../src/index.js';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

export interface MemoryLogger extends BusLogger {
  records: LogRecord[];
  at(level: LogRecord['level']): LogRecord[];
}

export function memoryLogger(): MemoryLogger {
  const records: LogRecord[] = [];
  const log =
    (level: LogRecord['level']) =>
    (obj: object, msg?: string): void => {
      records.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  return {
    records,
    at: (level) => records.filter((r) => r.level === level),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}
