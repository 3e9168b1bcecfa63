import { KubeApiError, NotFoundError } from '@driftless/runtime';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from './cli-io.js';

/** A failure whose exit code is already decided (bad flags, a missing file, a refused request). */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

const unreachable = (error: unknown) => error instanceof KubeApiError && error.statusCode === 0;

/** How an error ends the command; `fallback` for errors that are neither ours nor the API server's. */
export function exitCodeOf(error: unknown, fallback: ExitCode = ExitCode.failure): ExitCode {
  if (error instanceof CommandFailure) return error.exitCode;
  if (error instanceof NotFoundError) return ExitCode.notFound;
  if (unreachable(error)) return ExitCode.unreachable;
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return ExitCode.notFound;
  return fallback;
}

/** One line for stderr; an unreachable cluster is named by its address. */
export function describeFailure(error: unknown, server: string | URL | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (unreachable(error) && server) {
    return `cannot reach the cluster at ${typeof server === 'string' ? server : server.origin}: ${message}`;
  }
  return message.split('\n')[0]!;
}

/** Writes `driftless <verb>: <what went wrong>` and returns the exit code scripts see. */
export function reportFailure(
  verb: string,
  error: unknown,
  io: CliIo,
  server?: string | URL,
  fallback: ExitCode = ExitCode.failure,
): ExitCode {
  io.stderr.write(`driftless ${verb}: ${describeFailure(error, server)}\n`);
  return exitCodeOf(error, fallback);
}
