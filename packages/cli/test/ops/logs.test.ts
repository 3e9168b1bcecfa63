import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { freePort } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogsFlags, runLogs } from '../../src/commands/ops/logs-command.js';
import { ExitCode } from '../../src/exit-code.js';
import { captureIo, waitFor } from './capture-io.js';

const now = Date.now();
const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

const sourceLines = [
  line({ level: 'info', time: at(7200), controller: 'source-controller', msg: 'old news' }),
  line({ level: 'info', time: at(60), controller: 'source-controller', msg: 'starting' }),
  'plain text the filter must skip',
  line({ level: 'debug', time: at(40), controller: 'source-controller', msg: 'polling' }),
  line({
    level: 'info',
    time: at(20),
    controller: 'source-controller',
    kind: 'GitRepository',
    namespace: 'default',
    name: 'podinfo',
    msg: 'stored artifact',
  }),
];
const kustomizeLines = [
  line({
    level: 'error',
    time: at(50),
    controller: 'kustomize-controller',
    kind: 'Kustomization',
    namespace: 'apps',
    name: 'web',
    msg: 'apply failed',
    err: { type: 'Error', message: 'boom' },
  }),
  line({ level: 30, time: now - 30_000, controller: 'kustomize-controller', msg: 'reconciled' }),
];

describe('driftless logs', () => {
  let cwd: string;
  let logsDir: string;
  const base: LogsFlags = { stateDir: 'state' };
  const run = async (flags: LogsFlags) => {
    const io = captureIo({ cwd });
    const code = await runLogs({ ...base, ...flags }, io);
    return { code, out: io.out(), err: io.err(), lines: io.out().trim().split('\n').filter(Boolean) };
  };

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'driftless-logs-'));
    logsDir = join(cwd, 'state', 'logs');
    await mkdir(logsDir, { recursive: true });
    await writeFile(join(logsDir, 'source-controller.log'), `${sourceLines.join('\n')}\n`);
    await writeFile(join(logsDir, 'kustomize-controller.log'), `${kustomizeLines.join('\n')}\n`);
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints every controller line in time order as "time level controller object message"', async () => {
    const result = await run({});
    expect(result.code).toBe(ExitCode.ok);
    expect(result.lines.map((text) => text.replace(/^\S+ (\w+)\s+(\S+) .*$/, '$1 $2'))).toEqual([
      'info source-controller',
      'info source-controller',
      'error kustomize-controller',
      'debug source-controller',
      'info kustomize-controller',
      'info source-controller',
    ]);
    expect(result.lines[2]).toBe(`${at(50)} error kustomize-controller Kustomization/apps/web apply failed: boom`);
    expect(result.out).not.toContain('plain text');
  });

  it('filters by controller, level, kind, name, namespace and age', async () => {
    expect((await run({ controller: ['kustomize-controller'] })).lines).toHaveLength(2);
    const errors = await run({ level: 'error' });
    expect(errors.lines).toHaveLength(1);
    expect(errors.lines[0]).toContain('apply failed: boom');
    expect((await run({ level: 'info' })).out).not.toContain('polling');
    const object = await run({ kind: 'gitrepository', name: 'podinfo', namespace: 'default' });
    expect(object.lines).toEqual([`${at(20)} info  source-controller GitRepository/default/podinfo stored artifact`]);
    const recent = await run({ since: '1h' });
    expect(recent.lines).toHaveLength(5);
    expect(recent.out).not.toContain('old news');
  });

  it('--tail keeps the last lines of each controller', async () => {
    const result = await run({ tail: '1' });
    expect(result.lines).toEqual([
      `${at(30)} info  kustomize-controller reconciled`,
      `${at(20)} info  source-controller GitRepository/default/podinfo stored artifact`,
    ]);
  });

  it('-o json passes the raw lines through', async () => {
    const result = await run({ output: 'json', controller: ['kustomize-controller'] });
    expect(result.lines).toEqual(kustomizeLines);
  });

  it('-f prints appended lines, also after the file was truncated, until aborted', async () => {
    const abort = new AbortController();
    const io = captureIo({ cwd, signal: abort.signal });
    const file = join(logsDir, 'helm-controller.log');
    await writeFile(file, `${line({ level: 'info', time: at(5), controller: 'helm-controller', msg: 'first' })}\n`);
    const running = runLogs({ ...base, follow: true, controller: ['helm-controller'], output: 'json' }, io);
    await waitFor(() => io.out().includes('"first"'), 'the existing line');
    await appendFile(file, `${line({ level: 'info', time: at(0), controller: 'helm-controller', msg: 'appended' })}\n`);
    await waitFor(() => io.out().includes('"appended"'), 'the appended line');
    await writeFile(file, `${line({ level: 'warn', time: at(0), controller: 'helm-controller', msg: 'after' })}\n`);
    await waitFor(() => io.out().includes('"after"'), 'the line after truncation');
    abort.abort();
    expect(await running).toBe(ExitCode.ok);
    expect(io.out().match(/"msg":"(\w+)"/g)).toEqual(['"msg":"first"', '"msg":"appended"', '"msg":"after"']);
    await rm(file);
  });

  it('rejects an unknown level with a usage error', async () => {
    expect((await run({ level: 'loud' })).code).toBe(ExitCode.usage);
  });

  describe('without log files', () => {
    let cluster: DevCluster;
    let empty: string;

    beforeAll(async () => {
      empty = await mkdtemp(join(tmpdir(), 'driftless-logs-empty-'));
      cluster = await startDevCluster({ port: 0, host: '127.0.0.1', kubeconfigPath: join(empty, 'kubeconfig') });
    });

    afterAll(async () => {
      await cluster?.stop();
      await rm(empty, { recursive: true, force: true });
    });

    it('asks the cluster for controller pods and says on stderr when there are none (exit 0)', async () => {
      const io = captureIo({ cwd: empty });
      expect(await runLogs({ kubeconfig: join(empty, 'kubeconfig') }, io)).toBe(ExitCode.ok);
      expect(io.out()).toBe('');
      expect(io.err()).toContain('no logs found');
      expect(io.err()).toContain(new URL(cluster.url).origin);
    });

    it('exits 4 naming the address when the cluster cannot be reached', async () => {
      const port = await freePort();
      const kubeconfig = join(empty, 'unreachable-kubeconfig');
      await writeFile(kubeconfig, unreachableKubeconfig(port));
      const io = captureIo({ cwd: empty });
      expect(await runLogs({ kubeconfig }, io)).toBe(ExitCode.unreachable);
      expect(io.err()).toContain(`127.0.0.1:${port}`);
    });
  });
});

function unreachableKubeconfig(port: number): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: gone, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
    'users: [{name: gone, user: {}}]',
    'contexts: [{name: gone, context: {cluster: gone, user: gone}}]',
    'current-context: gone',
    '',
  ].join('\n');
}
