import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildCrd, findKindDefinition } from '@driftless/api';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, type KubeObject, loadKubeConfig, PatchType, type ResourceType } from '@driftless/runtime';
import { type StaticServer, startStaticServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
const helmBinary = join(repoRoot, '.tools/bin/helm');
const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');
const cli = join(repoRoot, 'packages/cli/dist/bin.js');
const chartSource = join(repoRoot, 'services/helm-controller/test/fixtures/charts/webapp');

const crdType: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
};
const helmChartType: ResourceType = {
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  kind: 'HelmChart',
  plural: 'helmcharts',
  namespaced: true,
};
const helmReleaseType: ResourceType = {
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  kind: 'HelmRelease',
  plural: 'helmreleases',
  namespaced: true,
};
const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};

let cluster: DevCluster;
let client: KubeClient;
let charts: StaticServer;
let work: string;
let helmEnv: Record<string, string>;

async function helm(args: string[]): Promise<string> {
  return (await run(helmBinary, args, { cwd: work, env: helmEnv })).stdout;
}

async function diff(name: string, namespace: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [cli, 'diff', 'helmrelease', name, '-n', namespace, '--kubeconfig', cluster.kubeconfigPath];
  args.push('--helm', helmBinary, '--kubectl', kubectlBinary);
  try {
    const { stdout, stderr } = await run(process.execPath, args, { env: helmEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-diff-'));
  helmEnv = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    HELM_CONFIG_HOME: join(work, 'config'),
    HELM_CACHE_HOME: join(work, 'cache'),
    HELM_DATA_HOME: join(work, 'data'),
  };
  await helm(['package', chartSource, '-d', join(work, 'charts')]);
  [cluster, charts] = await Promise.all([
    startDevCluster({ port: 0, workloadDelayMs: 0 }),
    startStaticServer({ root: join(work, 'charts') }),
  ]);
  helmEnv.KUBECONFIG = cluster.kubeconfigPath;
  client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  for (const kind of ['HelmChart', 'HelmRelease']) {
    await client.create(crdType, buildCrd(findKindDefinition(kind)!) as unknown as KubeObject);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([cluster?.stop(), charts?.stop()]);
  await rm(work, { recursive: true, force: true });
});

/** A HelmChart whose artifact is the packaged webapp chart, and a HelmRelease of it (suspended: nothing reconciles it). */
async function releaseOf(namespace: string, values: Record<string, unknown>) {
  await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const bytes = await readFile(join(work, 'charts', 'webapp-1.0.0.tgz'));
  await client.create(helmChartType, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: { namespace, name: 'webapp' },
    spec: { chart: 'webapp', sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '1h' },
  } as KubeObject);
  await client.patch(
    helmChartType,
    { namespace, name: 'webapp' },
    {
      status: {
        artifact: {
          url: `${charts.url}/webapp-1.0.0.tgz`,
          digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
          revision: '1.0.0',
          path: 'helmchart/webapp-1.0.0.tgz',
          lastUpdateTime: new Date().toISOString(),
        },
      },
    },
    { patchType: PatchType.Merge, subresource: 'status' },
  );
  await client.create(helmReleaseType, {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { namespace, name: 'web' },
    spec: { interval: '1h', suspend: true, chartRef: { kind: 'HelmChart', name: 'webapp' }, values },
  } as KubeObject);
}

describe('driftless diff helmrelease', () => {
  it('shows what an upgrade would change, and changes nothing', async () => {
    await releaseOf('shop', { settings: { greeting: 'hello' } });
    await helm([
      'install',
      'web',
      join(work, 'charts', 'webapp-1.0.0.tgz'),
      '-n',
      'shop',
      '--set',
      'settings.greeting=bonjour',
    ]);

    const result = await diff('web', 'shop');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('# ConfigMap/shop/web-settings configured');
    expect(result.stdout).toMatch(/^-\s+greeting: bonjour$/m);
    expect(result.stdout).toMatch(/^\+\s+greeting: hello$/m);
    expect(result.stderr).toMatch(/HelmRelease shop\/web: \d+ object\(s\) would change/);

    const live = await client.get<KubeObject & { data: Record<string, string> }>(
      { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
      'shop',
      'web-settings',
    );
    expect(live.data.greeting).toBe('bonjour');
  });

  it('says which source has no artifact, with exit code 2', async () => {
    await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } });
    await client.create(helmReleaseType, {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { namespace: 'empty', name: 'web' },
      spec: { interval: '1h', chartRef: { kind: 'HelmChart', name: 'missing' } },
    } as KubeObject);
    const result = await diff('web', 'empty');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HelmChart');
    expect(result.stderr).toContain('missing');
  });
});
