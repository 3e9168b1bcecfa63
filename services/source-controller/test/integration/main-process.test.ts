import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import {
  createWorkTree,
  eventually,
  type GitServer,
  type NatsServer,
  startGitServer,
  startNatsServer,
} from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRepositoryType } from '../../src/reconcilers/source-types.js';
import { downloadArtifact } from './artifact-contents.js';
import { helmBinary, installCrds, namespaceType, ready, waitFor } from './harness.js';

const mainScript = resolve(import.meta.dirname, '../../dist/main.js');
function runMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [mainScript], { env: { PATH: '/usr/bin:/bin', ...env } });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

describe('the source-controller process (dist/main.js)', () => {
  let cluster: DevCluster;
  let nats: NatsServer;
  let git: GitServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-main-'));
    [cluster, nats, git] = await Promise.all([startDevCluster({ port: 0 }), startNatsServer(), startGitServer()]);
    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
    await installCrds(client, ['GitRepository']);
    await git.createRepo('app');
    const tree = await createWorkTree({ origin: git.repoUrl('app') });
    await tree.write('app.yaml', 'a: 1\n');
    await tree.commit('app');
    await tree.push('main');
    await tree.cleanup();
  });
  afterAll(async () => {
    await Promise.all([cluster?.stop(), nats?.stop(), git?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an invalid configuration, naming every bad variable', async () => {
    const { child, output } = runMain({ STORAGE_PORT: 'many', ARTIFACT_MAX_SIZE: 'huge' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('STORAGE_PORT');
    expect(output()).toContain('ARTIFACT_MAX_SIZE: "huge" is not a size like 50Mi or 1048576');
  });

  it('starts from its environment, reconciles a GitRepository, and stops cleanly on SIGTERM', async () => {
    const { child, output } = runMain({
      KUBECONFIG: cluster.kubeconfigPath,
      NATS_URL: nats.url,
      DRIFTLESS_NATS_PREFIX: 'mainproc',
      STORAGE_PATH: join(dir, 'storage'),
      CACHE_PATH: join(dir, 'cache'),
      STORAGE_HOST: '127.0.0.1',
      STORAGE_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEADER_ELECT: 'false',
      HELM_BINARY: helmBinary,
      LOG_FORMAT: 'json',
    });
    try {
      await eventually(() => output().includes('source-controller started'), { timeoutMs: 20_000 });
      const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), {
        fieldManager: 'test',
      });
      await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'main' } });
      await client.create(gitRepositoryType, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { namespace: 'main', name: 'app' },
        spec: { interval: '5m', url: git.repoUrl('app'), ref: { branch: 'main' } },
      });
      const repository = await waitFor<{ status?: { artifact?: { url: string; digest?: string } } }>(
        client,
        gitRepositoryType,
        'main',
        'app',
        ready,
      );
      const { files } = await downloadArtifact(repository.status!.artifact!);
      expect(files).toEqual({ 'app.yaml': 'a: 1\n' });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect({ code, output: code === 0 ? '' : output() }).toEqual({ code: 0, output: '' });
  });
});
