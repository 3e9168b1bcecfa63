import { KubeApiError, type KubeClient, NotFoundError, parseDuration } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { type Connection, type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { createProgress } from './progress.js';
import { createReconcileNotifier } from './reconcile-notifier.js';
import {
  type ReconcileSession,
  ReconcileTimeoutError,
  SuspendedError,
  TargetNotFoundError,
} from './request-reconcile.js';

export interface WaitFlags extends ConnectionFlags {
  namespace: string;
  /** A flux duration, `5m` by default. */
  timeout: string;
}

export const defaultTimeout = '5m';
const pollMs = 250;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs `body` with a session (kube client, NATS notifier, progress, one deadline) and turns what it
 * throws into one line on stderr and the exit code scripts rely on.
 */
export async function withSession(
  verb: string,
  flags: WaitFlags,
  io: CliIo,
  body: (session: ReconcileSession) => Promise<ExitCode>,
): Promise<ExitCode> {
  const connection = resolveConnection(flags, io.env, io.cwd);
  let server = '(unknown)';
  let session: ReconcileSession | undefined;
  try {
    const timeoutMs = parseTimeout(flags.timeout);
    const client = clientFor(connection, verb);
    server = client.server.origin;
    session = {
      verb,
      client,
      io,
      notifier: createReconcileNotifier(connection, io, verb),
      progress: createProgress(io),
      paint: painter(colorEnabled(io.stdout, io.env)),
      deadline: Date.now() + timeoutMs,
      timeoutText: flags.timeout,
      pollMs,
    };
    return await body(session);
  } catch (error) {
    session?.progress.stop();
    return reportError(io, verb, error, server);
  } finally {
    await session?.notifier.close();
  }
}

/** No usable kubeconfig is a cluster that cannot be reached, not a bug of the command. */
class NoClusterError extends Error {
  override readonly name = 'NoClusterError';
}

function clientFor(connection: Connection, verb: string): KubeClient {
  try {
    return kubeClientFor(connection, `driftless-${verb}`);
  } catch (error) {
    throw new NoClusterError(`no cluster to talk to: ${(error as Error).message}`, { cause: error });
  }
}

function parseTimeout(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`--timeout: ${(error as Error).message}`);
  }
}

export function reportError(io: CliIo, verb: string, error: unknown, server: string): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  const fail = (code: ExitCode, text: string) => {
    io.stderr.write(`driftless ${verb}: ${text}\n`);
    return code;
  };
  if (error instanceof UsageError) return fail(ExitCode.usage, message);
  if (error instanceof SuspendedError) return fail(ExitCode.failure, message);
  if (error instanceof ReconcileTimeoutError) return fail(ExitCode.timeout, message);
  if (error instanceof TargetNotFoundError || error instanceof NotFoundError) return fail(ExitCode.notFound, message);
  if (error instanceof KubeApiError && error.statusCode === 0) {
    return fail(ExitCode.unreachable, `cannot reach the cluster at ${server}: ${message}`);
  }
  if (error instanceof Error && error.name === 'AbortError') return fail(ExitCode.failure, 'interrupted');
  if (error instanceof NoClusterError) return fail(ExitCode.unreachable, message);
  return fail(ExitCode.failure, message);
}
