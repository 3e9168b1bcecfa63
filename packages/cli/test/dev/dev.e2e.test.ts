import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { KubeClient, type KubeObject, loadKubeConfig, type ResourceType } from '@driftless/runtime';
import { eventually } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fluxResourceType } from '../../src/context/resource-types.js';
import { parseEnvFile } from '../../src/context/state-dir.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../../..');
const cli = join(repoRoot, 'packages/cli/dist/bin.js');
const kubectl = join(repoRoot, '.tools/bin/kubectl');
const deploymentType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
};

/** Every example object that reports readiness, as `driftless dev` applies them. */
const exampleObjects: Array<[kind: string, name: string]> = [
  ['GitRepository', 'examples'],
  ['Kustomization', 'examples'],
  ['Kustomization', 'podinfo-staging'],
  ['Kustomization', 'podinfo-production'],
  ['HelmChart', 'flux-system-hello'],
  ['HelmRelease', 'hello'],
  ['ImageRepository', 'podinfo'],
  ['ImagePolicy', 'podinfo'],
  ['ImageUpdateAutomation', 'examples'],
];

/** The pids of a process's descendants, read from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isReady(object: KubeObject): boolean {
  const conditions = (object.status as { conditions?: Array<{ type: string; status: string }> } | undefined)
    ?.conditions;
  return conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

describe('driftless dev, from an empty state directory', () => {
  let work: string;
  let dev: ChildProcess;
  let output = '';
  let env: Record<string, string>;
  let client: KubeClient;
  let processesWhileRunning: number[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'driftless-dev-e2e-'));
    dev = spawn(process.execPath, [cli, 'dev'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    dev.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    dev.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await eventually(
      () => {
        if (dev.exitCode !== null) throw new Error(`driftless dev exited:\n${output}`);
        expect(output).toContain('driftless: ready');
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    env = parseEnvFile(await readFile(join(work, '.driftless/env'), 'utf8'));
    client = new KubeClient(loadKubeConfig({ kubeconfigPath: join(work, '.driftless/kubeconfig') }), {
      fieldManager: 'e2e',
    });
  }, 150_000);

  afterAll(async () => {
    if (dev && dev.exitCode === null) dev.kill('SIGKILL');
    for (const pid of processesWhileRunning) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await rm(work, { recursive: true, force: true });
  });

  it('writes the kubeconfig, the env file and one log per controller', async () => {
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['NATS_URL', 'DRIFTLESS_NATS_PREFIX', 'DRIFTLESS_GIT_URL']),
    );
    expect(readdirSync(join(work, '.driftless/logs')).sort()).toEqual([
      'helm-controller.log',
      'image-automation-controller.log',
      'kustomize-controller.log',
      'notification-controller.log',
      'source-controller.log',
    ]);
  });

  it('brings every example object to Ready', async () => {
    await eventually(
      async () => {
        for (const [kind, name] of exampleObjects) {
          const object = await client.get(fluxResourceType(kind), 'flux-system', name);
          expect(isReady(object), `${kind} ${name}: ${JSON.stringify(object.status)}`).toBe(true);
        }
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const hello = await client.get<KubeObject>(deploymentType, 'hello', 'hello');
    expect((hello.spec as { replicas: number }).replicas).toBe(2);
  }, 150_000);

  it('applies a commit pushed to the example repository', async () => {
    const clone = join(work, 'clone');
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: clone });
    await run('git', ['clone', '--quiet', `${env.DRIFTLESS_GIT_URL}/examples.git`, clone]);
    const overlay = join(clone, 'apps/podinfo/overlays/staging/kustomization.yaml');
    await writeFile(overlay, (await readFile(overlay, 'utf8')).replace('count: 1', 'count: 3'));
    await git('commit', '--quiet', '--all', '--message', 'staging: three replicas');
    // The image automation may have pushed meanwhile; rebase onto it as a person would.
    await eventually(
      async () => {
        await git('pull', '--quiet', '--rebase', 'origin', 'main');
        await git('push', '--quiet', 'origin', 'HEAD:main');
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await eventually(
      async () => {
        const deployment = await client.get<KubeObject>(deploymentType, 'staging', 'podinfo');
        expect((deployment.spec as { replicas: number }).replicas).toBe(3);
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
  }, 150_000);

  it('restores a managed Deployment edited with kubectl', async () => {
    const kubeconfig = join(work, '.driftless/kubeconfig');
    await run(kubectl, ['--kubeconfig', kubeconfig, '-n', 'staging', 'scale', 'deployment', 'podinfo', '--replicas=7']);
    await eventually(
      async () => {
        const deployment = await client.get<KubeObject>(deploymentType, 'staging', 'podinfo');
        expect((deployment.spec as { replicas: number }).replicas).toBe(3);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 90_000);

  it('stops on SIGINT and leaves no process behind', async () => {
    processesWhileRunning = descendants(dev.pid!);
    expect(processesWhileRunning.length).toBeGreaterThanOrEqual(7);
    const exited = once(dev, 'exit');
    dev.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain('driftless dev: stopped');
    expect(processesWhileRunning.filter(alive)).toEqual([]);
  }, 90_000);
});
