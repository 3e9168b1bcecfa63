import { KubeApiError, NotFoundError } from '@driftless/runtime';
import { ExitCode } from '../../exit-code.js';

/** A failure whose exit code is already decided (bad flags, a missing file). */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** How an error ends the command; `fallback` for errors that are neither ours nor the API server's. */
export function exitCodeOf(error: unknown, fallback: ExitCode): ExitCode {
  if (error instanceof CommandFailure) return error.exitCode;
  if (error instanceof NotFoundError) return ExitCode.notFound;
  if (error instanceof KubeApiError && error.statusCode === 0) return ExitCode.unreachable;
  return fallback;
}

/** One line for stderr; an unreachable cluster is named by its address. */
export function describeFailure(error: unknown, server: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KubeApiError && error.statusCode === 0 && server) {
    return `cannot reach the cluster at ${server}: ${message}`;
  }
  return message.split('\n')[0]!;
}
