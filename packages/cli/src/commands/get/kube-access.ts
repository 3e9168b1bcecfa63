import type { KindInfo } from '@driftless/api';
import { KubeApiError, type KubeClient, NotFoundError, type ResourceType } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';
import { ExitCode } from '../../exit-code.js';

/** Where a Flux kind is served: its storage version. */
export function resourceTypeOf(info: KindInfo): ResourceType {
  return {
    group: info.group,
    version: info.storageVersion,
    kind: info.kind,
    plural: info.plural,
    namespaced: info.namespaced,
  };
}

/** A read-only client for the cluster the flags (or the environment, or `driftless dev`) name. */
export function clusterClient(flags: ConnectionFlags, io: CliIo): KubeClient {
  return kubeClientFor(resolveConnection(flags, io.env, io.cwd), 'driftless-cli');
}

/** Thrown by a command when it has already explained itself on stderr. */
export class CommandFailure extends Error {
  override name = 'CommandFailure';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The one line a failed command prints, and the exit code scripts see. */
export function reportFailure(verb: string, error: unknown, io: CliIo, server?: URL): ExitCode {
  const { message, exitCode } = describeFailure(error, server);
  io.stderr.write(`driftless ${verb}: ${message}\n`);
  return exitCode;
}

function describeFailure(error: unknown, server?: URL): { message: string; exitCode: ExitCode } {
  if (error instanceof CommandFailure) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof NotFoundError) return { message: error.message, exitCode: ExitCode.notFound };
  if (error instanceof KubeApiError && error.statusCode === 0) {
    const where = server ? ` at ${server.origin}` : '';
    return { message: `cannot reach the cluster${where}: ${error.message}`, exitCode: ExitCode.unreachable };
  }
  const message = error instanceof Error ? error.message : String(error);
  const missingFile = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { message, exitCode: missingFile ? ExitCode.notFound : ExitCode.failure };
}
