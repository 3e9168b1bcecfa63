import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateFile } from '../../context/state-dir.js';

/** Where `driftless cluster start` keeps the dev cluster's files inside the state directory. */
export interface ClusterPaths {
  dataDir: string;
  pidFile: string;
  kubeconfig: string;
  logFile: string;
}

export function clusterPaths(stateDir: string): ClusterPaths {
  const dataDir = join(stateDir, 'cluster');
  return {
    dataDir,
    pidFile: join(dataDir, 'pid'),
    kubeconfig: join(stateDir, StateFile.kubeconfig),
    logFile: join(stateDir, StateFile.logs, 'devcluster.log'),
  };
}

/** The dev cluster's executable, found next to the entry of the installed @driftless/devcluster package. */
export function devclusterBin(): string {
  const entry = createRequire(import.meta.url).resolve('@driftless/devcluster');
  return join(dirname(entry), 'bin.js');
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid of the dev cluster recorded in the pid file when that process still runs. On Linux the
 * command line is checked too, so a pid reused by another program after a crash is not mistaken for it.
 */
export function runningClusterPid(paths: ClusterPaths): number | undefined {
  const pid = readPid(paths.pidFile);
  if (pid === undefined || !isAlive(pid)) return undefined;
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline) && !readFileSync(cmdline, 'utf8').includes('devcluster')) return undefined;
  return pid;
}

export function removePidFile(paths: ClusterPaths): void {
  rmSync(paths.pidFile, { force: true });
}

/** Waits until `pid` is gone; false when it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM, then SIGKILL when the process has not exited within `graceMs`. */
export async function terminate(pid: number, graceMs: number): Promise<void> {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
