type LogFn = (obj: object, msg?: string) => void;

/** The part of a pino logger the bus uses; pass a pino (child) logger. */
export interface BusLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}
