/**
 * What runtime parts that run outside a reconcile need of a logger. A pino `Logger` is one; tests
 * pass small recorders.
 */
export interface LogSink {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}
