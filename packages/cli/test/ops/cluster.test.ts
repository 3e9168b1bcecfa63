import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClusterStart, runClusterStatus, runClusterStop } from '../../src/commands/ops/cluster-command.js';
import { isAlive } from '../../src/commands/ops/cluster-process.js';
import { ExitCode } from '../../src/exit-code.js';
import { captureIo } from './capture-io.js';

const namespaceType = { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false };

describe('driftless cluster', () => {
  let cwd: string;
  const flags = { stateDir: 'state', port: '0' };
  const stateDir = () => join(cwd, 'state');
  const pidFile = () => join(stateDir(), 'cluster', 'pid');

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'driftless-cluster-'));
  });

  afterAll(async () => {
    await runClusterStop(flags, captureIo({ cwd }));
    await rm(cwd, { recursive: true, force: true });
  });

  it('status says not running before start (exit 1)', async () => {
    const io = captureIo({ cwd });
    expect(await runClusterStatus(flags, io)).toBe(ExitCode.failure);
    expect(io.out()).toContain('not running');
  });

  let pid = 0;

  it('start runs the cluster in the background and prints the kubeconfig', async () => {
    const io = captureIo({ cwd });
    expect(await runClusterStart(flags, io)).toBe(ExitCode.ok);
    const kubeconfig = join(stateDir(), 'kubeconfig');
    expect(io.out()).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(readFileSync(join(stateDir(), 'logs', 'devcluster.log'), 'utf8')).toContain('devcluster: ready');
    pid = Number(readFileSync(pidFile(), 'utf8'));
    expect(isAlive(pid)).toBe(true);

    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: kubeconfig }));
    const namespaces = await client.list(namespaceType);
    expect(namespaces.items.map((item) => item.metadata.name)).toContain('default');
  });

  it('status exits 0 while it runs', async () => {
    const io = captureIo({ cwd });
    expect(await runClusterStatus(flags, io)).toBe(ExitCode.ok);
    expect(io.out()).toContain(`pid ${pid}`);
  });

  it('start again says it already runs and keeps the same process', async () => {
    const io = captureIo({ cwd });
    expect(await runClusterStart(flags, io)).toBe(ExitCode.ok);
    expect(io.out()).toContain('already running');
    expect(Number(readFileSync(pidFile(), 'utf8'))).toBe(pid);
  });

  it('stop ends the process and removes the pid file; status then exits 1', async () => {
    const io = captureIo({ cwd });
    expect(await runClusterStop(flags, io)).toBe(ExitCode.ok);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(pidFile())).toBe(false);
    expect(await runClusterStatus(flags, captureIo({ cwd }))).toBe(ExitCode.failure);

    const again = captureIo({ cwd });
    expect(await runClusterStop(flags, again)).toBe(ExitCode.ok);
    expect(again.out()).toContain('not running');
  });
});
