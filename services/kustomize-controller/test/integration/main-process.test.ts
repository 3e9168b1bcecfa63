import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { eventually } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KustomizeHarness, startKustomizeHarness } from './harness.js';

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

describe('the kustomize-controller process (dist/main.js)', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses an invalid configuration, naming every bad variable', async () => {
    const { child, output } = runMain({ ARTIFACT_MAX_SIZE: 'huge', CONCURRENT: '0' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('ARTIFACT_MAX_SIZE: "huge" is not a size like 50Mi or 1048576');
    expect(output()).toContain('CONCURRENT');
  });

  it('starts from its environment, reports ready, and stops cleanly on SIGTERM', async () => {
    const { child, output } = runMain({
      KUBECONFIG: h.cluster.kubeconfigPath,
      NATS_URL: h.nats.url,
      DRIFTLESS_NATS_PREFIX: `${h.prefix}main`,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEADER_ELECT: 'false',
      LOG_FORMAT: 'json',
    });
    try {
      await eventually(() => expect(output()).toContain('kustomize-controller started'), { timeoutMs: 20_000 });
      const started = output()
        .split('\n')
        .find((line) => line.includes('kustomize-controller started'));
      const { healthUrl } = JSON.parse(started ?? '{}') as { healthUrl: string };
      await eventually(async () => expect((await fetch(`${healthUrl}/readyz`)).status).toBe(200), {
        timeoutMs: 20_000,
      });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
