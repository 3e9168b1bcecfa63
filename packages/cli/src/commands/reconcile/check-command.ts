import { type KubeClient, parseDuration } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { type Connection, type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';
import { readStateEnv } from '../../context/state-dir.js';
import { ExitCode } from '../../exit-code.js';
import { checkCrds, checkKubernetes } from './check-cluster.js';
import { checkControllers } from './check-controllers.js';
import { checkNats } from './check-nats.js';
import { checkPrerequisites } from './check-prerequisites.js';
import { type CheckReporter, createCheckReporter } from './check-reporter.js';

export interface CheckFlags extends ConnectionFlags {
  /** Only the programs on this machine, not the cluster, NATS or the controllers. */
  pre?: boolean;
  /** How long a controller that answers "not ready" is given to become ready. */
  timeout: string;
}

export const defaultCheckTimeout = '30s';

/**
 * `driftless check [--pre]`, like `flux check`: prerequisites, then the cluster (version, CRDs),
 * NATS (JetStream streams and buckets) and every controller's readiness. Exit 0 when all passed, 1 if not.
 */
export async function runCheck(flags: CheckFlags, io: CliIo): Promise<ExitCode> {
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(flags.timeout);
  } catch (error) {
    io.stderr.write(`driftless check: --timeout: ${(error as Error).message}\n`);
    return ExitCode.usage;
  }
  const report = createCheckReporter(io);
  await checkPrerequisites(report, io.env);
  if (!flags.pre) await checkServices(report, resolveConnection(flags, io.env, io.cwd), io, Date.now() + timeoutMs);
  const failed = report.failures();
  if (failed > 0) {
    io.stdout.write(`✗ ${failed} check${failed === 1 ? '' : 's'} failed\n`);
    return ExitCode.failure;
  }
  io.stdout.write('✔ all checks passed\n');
  return ExitCode.ok;
}

async function checkServices(report: CheckReporter, connection: Connection, io: CliIo, deadline: number) {
  const client = clientOrReport(report, connection);
  const reachable = client ? await checkKubernetes(report, client) : false;
  if (client && reachable) await checkCrds(report, client);
  await checkNats(report, connection);
  await checkControllers(report, {
    env: { ...readStateEnv(connection.stateDir), ...io.env },
    client: reachable ? client : undefined,
    deadline,
    signal: io.signal,
  });
}

function clientOrReport(report: CheckReporter, connection: Connection): KubeClient | undefined {
  try {
    return kubeClientFor(connection, 'driftless-check');
  } catch (error) {
    report.section('checking the cluster');
    report.result(false, `no cluster to talk to: ${(error as Error).message}`);
    return undefined;
  }
}
