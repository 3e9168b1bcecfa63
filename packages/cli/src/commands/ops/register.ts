import { type Command, InvalidArgumentError } from 'commander';
import { type CliIo, processIo } from '../../context/cli-io.js';
import { withConnectionOptions } from '../../context/connection-options.js';
import { defaultStateDir } from '../../context/state-dir.js';
import type { ExitCode } from '../../exit-code.js';
import { parseOutputFormat } from '../../output/output-format.js';
import { runClusterStart, runClusterStatus, runClusterStop } from './cluster-command.js';
import { runEvents } from './events-command.js';
import { runLogs } from './logs-command.js';

/** `driftless cluster start|stop|status`, `driftless events` and `driftless logs`. */
export function registerOpsCommands(program: Command): void {
  registerCluster(program);
  registerEvents(program);
  registerLogs(program);
}

function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('run the dev cluster in the background');
  const stateDir = ['--state-dir <dir>', 'state directory (cluster data, kubeconfig, logs)', defaultStateDir] as const;
  cluster
    .command('start')
    .description('start the dev cluster and wait until it answers')
    .option(...stateDir)
    .option('--port <port>', 'port of the API server (0 picks a free one)', '6443')
    .action((options) => run((io) => runClusterStart(options, io)));
  cluster
    .command('stop')
    .description('stop the dev cluster started by `driftless cluster start`')
    .option(...stateDir)
    .action((options) => run((io) => runClusterStop(options, io)));
  cluster
    .command('status')
    .description('whether the dev cluster runs (exit 1 when not)')
    .option(...stateDir)
    .action((options) => run((io) => runClusterStatus(options, io)));
}

function registerEvents(program: Command): void {
  withConnectionOptions(
    program
      .command('events')
      .description("the controllers' events as they happen, from the NATS events stream")
      .option('--for <Kind/name>', 'only the events of this object, e.g. Kustomization/podinfo')
      .option('-n, --namespace <namespace>', 'namespace of the objects', 'default')
      .option('-A, --all-namespaces', 'objects of every namespace')
      .option('--kind <kind>', 'only objects of this kind')
      .option('--controller <name>', 'only events of this controller, e.g. kustomize-controller')
      .option('--severity <severity>', 'only info or error events')
      .option('--since <duration>', 'events of the last duration, e.g. 30s, 10m, 2h (default 10m)')
      .option('--all', 'every event the stream holds')
      .option('-o, --output <format>', 'table, json (one object a line) or yaml', parseOutputFormat, 'table')
      .option('--no-follow', 'print the stored events and exit instead of waiting for new ones'),
  ).action((options) => run((io) => runEvents(options, io)));
}

function registerLogs(program: Command): void {
  withConnectionOptions(
    program
      .command('logs')
      .description("the controllers' logs, from `driftless dev` log files or the controller pods")
      .option('--controller <name>', 'only this controller (repeatable)', collect, [])
      .option('--level <level>', 'only lines at this level or above: debug, info, warn or error')
      .option('--kind <kind>', 'only lines about objects of this kind')
      .option('--name <name>', 'only lines about objects of this name')
      .option('-n, --namespace <namespace>', 'only lines about objects of this namespace')
      .option('--since <duration>', 'only lines of the last duration, e.g. 5m')
      .option('-f, --follow', 'keep printing new lines until Ctrl-C')
      .option('--tail <lines>', 'only the last lines of each controller (-1: all)', '-1')
      .option('-o, --output <format>', "json passes the controllers' JSON lines through", parseLogOutput),
  ).action((options) => run((io) => runLogs(options, io)));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseLogOutput(value: string): string {
  if (value !== 'json' && value !== 'table') throw new InvalidArgumentError('json or table');
  return value;
}

/** Runs a command with Ctrl-C wired to its io.signal, and hands its exit code to the process. */
async function run(command: (io: CliIo) => Promise<ExitCode>): Promise<void> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    process.exitCode = await command(processIo(controller.signal));
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
