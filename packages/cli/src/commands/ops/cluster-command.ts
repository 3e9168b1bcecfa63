import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliIo } from '../../context/cli-io.js';
import { stateDirPath } from '../../context/state-dir.js';
import { ExitCode } from '../../exit-code.js';
import {
  type ClusterPaths,
  clusterPaths,
  devclusterBin,
  isAlive,
  removePidFile,
  runningClusterPid,
  terminate,
} from './cluster-process.js';

export interface ClusterFlags {
  stateDir?: string;
  port?: string;
  /** How long start waits for the cluster to answer, in ms. */
  timeoutMs?: number;
}

const readyLine = 'devcluster: ready';
const stopGraceMs = 10_000;
const defaultStartTimeoutMs = 30_000;

export async function runClusterStart(flags: ClusterFlags, io: CliIo): Promise<ExitCode> {
  const paths = clusterPaths(stateDirPath(flags.stateDir, io.cwd));
  const running = runningClusterPid(paths);
  if (running !== undefined) {
    io.stdout.write(`dev cluster already running (pid ${running})\n`);
    printKubeconfig(paths, io);
    return ExitCode.ok;
  }
  const port = flags.port ?? '6443';
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    io.stderr.write(`driftless cluster start: --port must be a port number, got "${port}"\n`);
    return ExitCode.usage;
  }
  removePidFile(paths);
  const pid = spawnCluster(paths, port, io);
  io.stdout.write(`► starting the dev cluster (pid ${pid}, log ${paths.logFile})\n`);
  const outcome = await waitUntilReady(paths, pid, flags.timeoutMs ?? defaultStartTimeoutMs, io.signal);
  if (outcome !== 'ready') {
    if (isAlive(pid)) await terminate(pid, stopGraceMs);
    removePidFile(paths);
    const why = outcome === 'exited' ? 'it exited' : io.signal?.aborted ? 'interrupted' : 'no answer in time';
    io.stderr.write(`driftless cluster start: the dev cluster failed to start (${why}); see ${paths.logFile}\n`);
    const tail = lastLines(paths.logFile, 5);
    if (tail) io.stderr.write(`${tail}\n`);
    return outcome === 'exited' ? ExitCode.failure : ExitCode.timeout;
  }
  const url = servingUrl(paths.logFile);
  io.stdout.write(`✔ dev cluster ready${url ? ` at ${url}` : ''}\n`);
  printKubeconfig(paths, io);
  return ExitCode.ok;
}

export async function runClusterStop(flags: ClusterFlags, io: CliIo): Promise<ExitCode> {
  const paths = clusterPaths(stateDirPath(flags.stateDir, io.cwd));
  const pid = runningClusterPid(paths);
  if (pid === undefined) {
    removePidFile(paths);
    io.stdout.write('dev cluster is not running\n');
    return ExitCode.ok;
  }
  io.stdout.write(`► stopping the dev cluster (pid ${pid})\n`);
  await terminate(pid, stopGraceMs);
  removePidFile(paths);
  io.stdout.write('✔ dev cluster stopped\n');
  return ExitCode.ok;
}

export async function runClusterStatus(flags: ClusterFlags, io: CliIo): Promise<ExitCode> {
  const paths = clusterPaths(stateDirPath(flags.stateDir, io.cwd));
  const pid = runningClusterPid(paths);
  if (pid === undefined) {
    io.stdout.write('dev cluster is not running\n');
    return ExitCode.failure;
  }
  const url = servingUrl(paths.logFile);
  io.stdout.write(`dev cluster running (pid ${pid}${url ? `, ${url}` : ''})\n`);
  io.stdout.write(`kubeconfig: ${paths.kubeconfig}\n`);
  return ExitCode.ok;
}

function spawnCluster(paths: ClusterPaths, port: string, io: CliIo): number {
  mkdirSync(paths.dataDir, { recursive: true });
  mkdirSync(dirname(paths.logFile), { recursive: true });
  const log = openSync(paths.logFile, 'w');
  try {
    const args = ['start', '--port', port, '--kubeconfig', paths.kubeconfig, '--data-dir', paths.dataDir];
    const child = spawn(process.execPath, [devclusterBin(), ...args], {
      cwd: io.cwd,
      env: io.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot run ${process.execPath}`);
    writeFileSync(paths.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

type StartOutcome = 'ready' | 'exited' | 'timeout';

async function waitUntilReady(
  paths: ClusterPaths,
  pid: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<StartOutcome> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    if (readLog(paths.logFile).includes(readyLine)) return 'ready';
    if (!isAlive(pid)) return 'exited';
    await sleep(100);
  }
  return 'timeout';
}

function printKubeconfig(paths: ClusterPaths, io: CliIo): void {
  io.stdout.write(`kubeconfig: ${paths.kubeconfig}\n`);
  io.stdout.write(`export KUBECONFIG=${paths.kubeconfig}\n`);
}

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function servingUrl(logFile: string): string | undefined {
  return /devcluster: serving (\S+)/.exec(readLog(logFile))?.[1];
}

function lastLines(file: string, count: number): string {
  return readLog(file).trimEnd().split('\n').slice(-count).join('\n');
}
