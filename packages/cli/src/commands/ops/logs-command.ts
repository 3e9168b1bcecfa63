import { join } from 'node:path';
import { KubeApiError, type KubeClient, parseDuration } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { type Connection, type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';
import { StateFile } from '../../context/state-dir.js';
import { ExitCode } from '../../exit-code.js';
import { type LogFilter, LogLevel } from './log-entry.js';
import { controllerOfFile, createLogTail, followLogFiles, listLogFiles } from './log-files.js';
import { createLogPrinter, type LogPrinter, type LogPrinterOptions } from './log-printer.js';
import { canonicalKind, errorMessage } from './ops-support.js';
import { findControllerPods, readPodLog } from './pod-logs.js';

export interface LogsFlags extends ConnectionFlags {
  controller?: string[];
  level?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  since?: string;
  follow?: boolean;
  tail?: string;
  output?: string;
}

const levels = ['trace', 'debug', 'info', 'warn', 'error'] as const;
const filePollMs = 200;

export async function runLogs(flags: LogsFlags, io: CliIo): Promise<ExitCode> {
  const options = printerOptions(flags);
  if (typeof options === 'string') {
    io.stderr.write(`driftless logs: ${options}\n`);
    return ExitCode.usage;
  }
  const printer = createLogPrinter(options, io);
  const connection = resolveConnection(flags, io.env, io.cwd);
  const logsDir = join(connection.stateDir, StateFile.logs);
  const follow = flags.follow === true;
  if (listLogFiles(logsDir).length > 0) {
    await logsFromFiles(logsDir, printer, follow, io.signal);
    return reportNothing(printer, io, `in ${logsDir}`);
  }
  const client = clusterClient(connection);
  if (!client) return reportNothing(printer, io, `in ${logsDir} and no cluster configured`);
  try {
    await logsFromPods(client, options.filter, printer, follow, io.signal);
  } catch (error) {
    if (error instanceof KubeApiError && error.statusCode === 0) {
      io.stderr.write(`driftless logs: cannot reach the cluster at ${client.server.origin}: ${error.message}\n`);
      return ExitCode.unreachable;
    }
    io.stderr.write(`driftless logs: ${errorMessage(error)}\n`);
    return ExitCode.failure;
  }
  return reportNothing(printer, io, `in ${logsDir} or in the controller pods of ${client.server.origin}`);
}

async function logsFromFiles(dir: string, printer: LogPrinter, follow: boolean, signal?: AbortSignal): Promise<void> {
  const tails = listLogFiles(dir).map(createLogTail);
  const backlog: Array<{ line: string; controller: string }> = [];
  for (const tail of tails) {
    const controller = controllerOfFile(tail.file);
    for (const line of await tail.readNew()) backlog.push({ line, controller });
  }
  printer.printBacklog(backlog);
  if (!follow) return;
  await followLogFiles({
    dir,
    tails,
    pollMs: filePollMs,
    signal,
    onLine: (line, file) => printer.printLive(line, controllerOfFile(file)),
  });
}

async function logsFromPods(
  client: KubeClient,
  filter: LogFilter,
  printer: LogPrinter,
  follow: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const pods = await findControllerPods(client, filter.controllers);
  const sinceSeconds = filter.sinceMs === undefined ? undefined : Math.ceil((Date.now() - filter.sinceMs) / 1000);
  const backlog: Array<{ line: string; controller: string }> = [];
  for (const pod of pods) {
    await readPodLog(client, pod, { follow: false, sinceSeconds, signal }, (line) =>
      backlog.push({ line, controller: pod.controller }),
    );
  }
  printer.printBacklog(backlog);
  if (!follow || signal?.aborted) return;
  await Promise.all(
    pods.map((pod) =>
      readPodLog(client, pod, { follow: true, tailLines: 0, signal }, (line) =>
        printer.printLive(line, pod.controller),
      ),
    ),
  );
}

/** A client for the configured cluster; undefined when no kubeconfig or in-cluster credentials exist. */
function clusterClient(connection: Connection): KubeClient | undefined {
  try {
    return kubeClientFor(connection);
  } catch {
    return undefined;
  }
}

function reportNothing(printer: LogPrinter, io: CliIo, where: string): ExitCode {
  if (printer.printed() === 0) io.stderr.write(`driftless logs: no logs found ${where}\n`);
  return ExitCode.ok;
}

function printerOptions(flags: LogsFlags): LogPrinterOptions | string {
  const filter: LogFilter = {
    controllers: flags.controller ?? [],
    kind: flags.kind === undefined ? undefined : canonicalKind(flags.kind),
    name: flags.name,
    namespace: flags.namespace,
  };
  if (flags.level !== undefined) {
    if (!(levels as readonly string[]).includes(flags.level)) return `--level must be one of ${levels.join(', ')}`;
    filter.minLevel = LogLevel[flags.level as (typeof levels)[number]];
  }
  if (flags.since !== undefined) {
    try {
      filter.sinceMs = Date.now() - parseDuration(flags.since);
    } catch (error) {
      return `--since: ${errorMessage(error)}`;
    }
  }
  let tail: number | undefined;
  if (flags.tail !== undefined) {
    tail = Number(flags.tail);
    if (!Number.isInteger(tail) || tail < -1) return `--tail must be a number of lines, got "${flags.tail}"`;
    if (tail === -1) tail = undefined;
  }
  if (flags.output !== undefined && flags.output !== 'json' && flags.output !== 'table') {
    return `--output must be json, got "${flags.output}"`;
  }
  return { filter, tail, json: flags.output === 'json' };
}
