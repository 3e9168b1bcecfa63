import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HelmHarness,
  helmBinary,
  helmRelease,
  helmReleaseType,
  helmRepository,
  helmRepositoryType,
  kubectlBinary,
  ready,
  startHelmHarness,
  waitFor,
} from './harness.js';

const mainScript = resolve(import.meta.dirname, '../../dist/main.js');

function runMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [mainScript], { env: { PATH: '/usr/bin:/bin', ...env } });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

describe('the helm-controller process (dist/main.js)', () => {
  let h: HelmHarness;
  let scratch: string;
  beforeAll(async () => {
    h = await startHelmHarness({ controller: false });
    scratch = await mkdtemp(join(tmpdir(), 'helm-controller-main-'));
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses an invalid configuration, naming every bad variable', async () => {
    const { child, output } = runMain({ HELM_DRIVER: 'sql', RENDER_MAX_OUTPUT: 'lots' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('HELM_DRIVER');
    expect(output()).toContain('RENDER_MAX_OUTPUT');
  });

  it('installs a HelmRelease from its environment, and stops cleanly on SIGTERM', async () => {
    const { child, output } = runMain({
      KUBECONFIG: h.cluster.kubeconfigPath,
      NATS_URL: h.nats.url,
      DRIFTLESS_NATS_PREFIX: h.prefix,
      HELM_BINARY: helmBinary,
      KUBECTL_BINARY: kubectlBinary,
      SCRATCH_PATH: scratch,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEADER_ELECT: 'false',
      LOG_FORMAT: 'json',
    });
    try {
      await eventually(() => expect(output()).toContain('helm-controller started'), { timeoutMs: 20_000 });
      const namespace = await h.namespace();
      await h.client.create(helmRepositoryType, helmRepository(namespace, 'charts', { url: h.chartRepoUrl }));
      await h.client.create(
        helmReleaseType,
        helmRelease(namespace, 'web', {
          chart: { spec: { chart: 'webapp', sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
        }),
      );
      await waitFor(h.client, helmReleaseType, namespace, 'web', ready, 60_000);
      const list = JSON.parse(await h.helm(['list', '-n', namespace, '-o', 'json']));
      expect(list).toEqual([expect.objectContaining({ name: 'web', status: 'deployed', chart: 'webapp-1.1.0' })]);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 120_000);
});
