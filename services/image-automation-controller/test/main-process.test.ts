import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, pushImageTag, ready } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fluxObject,
  type ImageHarness,
  imagePolicyType,
  imageRepositoryType,
  startImageHarness,
  waitFor,
} from './harness.js';

const mainScript = resolve(import.meta.dirname, '../dist/main.js');

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [mainScript], { env: { PATH: '/usr/bin:/bin', ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

describe('the image-automation-controller process (dist/main.js)', () => {
  let h: ImageHarness;
  let work: string;
  beforeAll(async () => {
    h = await startImageHarness({ inProcess: false });
    work = await mkdtemp(join(tmpdir(), 'image-automation-main-'));
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('refuses an invalid configuration, naming the bad variable', async () => {
    const { child, output } = runMain({ PUSH_ATTEMPTS: 'many' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('PUSH_ATTEMPTS');
  });

  it('scans and selects from its environment, and stops cleanly on SIGTERM', async () => {
    const { child, output } = runMain({
      KUBECONFIG: h.cluster.kubeconfigPath,
      NATS_URL: h.nats.url,
      DRIFTLESS_NATS_PREFIX: h.prefix,
      WORK_PATH: work,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEADER_ELECT: 'false',
      LOG_FORMAT: 'json',
    });
    try {
      await eventually(() => expect(output()).toContain('image-automation-controller started'), { timeoutMs: 20_000 });
      const namespace = await h.namespace();
      await pushImageTag(h.registry, 'solo/app', '0.1.0');
      await h.client.create(
        imageRepositoryType,
        fluxObject(imageRepositoryType, namespace, 'app', { image: `${h.registry.host}/solo/app`, insecure: true }),
      );
      await h.client.create(imagePolicyType, {
        apiVersion: 'image.toolkit.fluxcd.io/v1',
        kind: 'ImagePolicy',
        metadata: { name: 'app', namespace },
        spec: { imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '*' } } },
      });
      const policy = await waitFor(h.client, imagePolicyType, namespace, 'app', ready);
      expect(policy.status?.latestRef).toMatchObject({ tag: '0.1.0' });
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    }
  });
});
