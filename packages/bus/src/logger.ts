import type { LogSink } from '@driftless/runtime';

/** The part of a pino logger the bus uses; pass a pino (child) logger. */
export type BusLogger = LogSink;
