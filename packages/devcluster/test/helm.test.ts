import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useToolCluster } from './harness.js';

const { ok } = useToolCluster({ workloadDelayMs: 20 });
const chart = join(import.meta.dirname, 'fixtures', 'chart');
const ns = 'helm-demo';

const getJson = async (args: string[]) => JSON.parse(await ok('kubectl', [...args, '-n', ns, '-o', 'json']));

describe('helm against the dev cluster', () => {
  it('installs a chart with a hook job and waits for it to be ready', async () => {
    const out = await ok('helm', [
      'install',
      'demo',
      chart,
      '-n',
      ns,
      '--create-namespace',
      '--wait',
      '--timeout',
      '60s',
    ]);
    expect(out).toContain('STATUS: deployed');
    const deployment = await getJson(['get', 'deployment', 'demo-web']);
    expect(deployment.status.readyReplicas).toBe(1);
    const service = await getJson(['get', 'service', 'demo-web']);
    expect(service.spec.clusterIP).toMatch(/^10\.96\./);
    const job = await getJson(['get', 'job', 'demo-migrate-1']);
    expect(job.status.succeeded).toBe(1);
    const secrets = await ok('kubectl', ['get', 'secrets', '-n', ns, '-l', 'owner=helm', '-o', 'name']);
    expect(secrets).toContain('secret/sh.helm.release.v1.demo.v1');
  });

  it('upgrades with new values and lists the release', async () => {
    await ok('helm', [
      'upgrade',
      'demo',
      chart,
      '-n',
      ns,
      '--set',
      'greeting=bonjour,replicaCount=2',
      '--wait',
      '--timeout',
      '60s',
    ]);
    expect((await getJson(['get', 'configmap', 'demo-config'])).data.greeting).toBe('bonjour');
    expect((await getJson(['get', 'deployment', 'demo-web'])).spec.replicas).toBe(2);
    const list = JSON.parse(await ok('helm', ['list', '-n', ns, '-o', 'json']));
    expect(list).toMatchObject([{ name: 'demo', revision: '2', status: 'deployed', chart: 'demo-0.1.0' }]);
  });

  it('shows history and rolls back', async () => {
    const history = JSON.parse(await ok('helm', ['history', 'demo', '-n', ns, '-o', 'json']));
    expect(history.map((h: { revision: number; status: string }) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    await ok('helm', ['rollback', 'demo', '1', '-n', ns, '--wait', '--timeout', '60s']);
    expect((await getJson(['get', 'configmap', 'demo-config'])).data.greeting).toBe('hello');
    expect((await getJson(['get', 'deployment', 'demo-web'])).spec.replicas).toBe(1);
    const values = JSON.parse(await ok('helm', ['get', 'values', 'demo', '-n', ns, '--all', '-o', 'json']));
    expect(values.greeting).toBe('hello');
  });

  it('uninstalls everything it made', async () => {
    await ok('helm', ['uninstall', 'demo', '-n', ns, '--wait', '--timeout', '60s']);
    const left = await ok('kubectl', ['get', 'deployments,services,configmaps,secrets', '-n', ns, '-o', 'name']);
    expect(left).not.toContain('demo-');
    expect(left).not.toContain('sh.helm.release');
  });
});
