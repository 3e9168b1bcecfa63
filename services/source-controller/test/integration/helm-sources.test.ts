import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createWorkTree,
  type GitServer,
  type StaticServer,
  startGitServer,
  startStaticServer,
} from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitRepositoryType, helmChartType, helmRepositoryType } from '../../src/reconcilers/source-types.js';
import {
  condition,
  failedWith,
  helmBinary,
  ready,
  type SourceHarness,
  type SourceTestObject,
  startSourceHarness,
  waitFor,
} from './harness.js';

const run = promisify(execFile);

type SourceStatusObject = SourceTestObject<{ observedChartName?: string }>;

let harness: SourceHarness;
let charts: StaticServer;
let git: GitServer;
let work: string;

async function helm(args: string[], cwd = work): Promise<string> {
  const env = { HOME: work, HELM_CONFIG_HOME: join(work, '.helm'), HELM_CACHE_HOME: join(work, '.cache') };
  return (await run(helmBinary, args, { cwd, env })).stdout;
}

/** A chart made by `helm create`, with the given version and a values key to tell versions apart. */
async function makeChart(dir: string, name: string, version: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await rm(join(dir, name), { recursive: true, force: true });
  await helm(['create', name], dir);
  const chartYaml = join(dir, name, 'Chart.yaml');
  const text = await readFile(chartYaml, 'utf8');
  await writeFile(chartYaml, text.replace(/^version: .*$/m, `version: ${version}`));
  await writeFile(join(dir, name, 'values.yaml'), `replicaCount: 1\nbuilt: "${version}"\n`);
  return join(dir, name);
}

async function download(url: string, file: string): Promise<string> {
  const response = await fetch(url);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'helm-it-'));
  const repoDir = join(work, 'repo');
  for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
    await makeChart(join(work, 'src'), 'podinfo', version);
    await helm(['package', join(work, 'src', 'podinfo'), '-d', repoDir]);
  }
  await mkdir(join(work, 'broken'), { recursive: true });
  await writeFile(join(work, 'broken', 'index.yaml'), 'apiVersion: v1\nentries: [not: a map\n');
  [harness, charts, git] = await Promise.all([
    startSourceHarness(),
    startStaticServer({ root: work }),
    startGitServer(),
  ]);
  await helm(['repo', 'index', repoDir, '--url', `${charts.url}/repo`]);

  await git.createRepo('charts');
  const tree = await createWorkTree({ origin: git.repoUrl('charts') });
  await makeChart(join(tree.dir, 'charts'), 'app', '0.3.0');
  await writeFile(join(tree.dir, 'values-prod.yaml'), 'replicaCount: 3\n');
  await mkdir(join(tree.dir, 'charts', 'broken'), { recursive: true });
  await writeFile(join(tree.dir, 'charts', 'broken', 'Chart.yaml'), 'apiVersion: v2\nname: [broken\n');
  await tree.run(['add', '-A']);
  await tree.commit('charts');
  await tree.push('main');
  await tree.cleanup();
}, 180_000);

afterAll(async () => {
  await Promise.all([charts?.stop(), git?.stop()]);
  await harness?.stop();
  await rm(work, { recursive: true, force: true });
});

async function create(type: typeof helmChartType, namespace: string, name: string, spec: Record<string, unknown>) {
  await harness.client.create(type, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: type.kind,
    metadata: { namespace, name },
    spec: { interval: '10m', ...spec },
  } as never);
}

function waitReady(type: typeof helmChartType, namespace: string, name: string) {
  return waitFor<SourceStatusObject>(harness.client, type, namespace, name, ready, 30_000);
}

describe('HelmRepository and HelmChart', () => {
  it('stores the index with a digest revision, then pulls the newest chart in a range', async () => {
    const namespace = await harness.namespace();
    await create(helmRepositoryType, namespace, 'podinfo', { url: `${charts.url}/repo` });
    await create(helmChartType, namespace, 'podinfo', {
      chart: 'podinfo',
      version: '1.x',
      sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
    });
    const repository = await waitReady(helmRepositoryType, namespace, 'podinfo');
    const indexBytes = await readFile(join(work, 'repo', 'index.yaml'));
    const { createHash } = await import('node:crypto');
    expect(repository.status?.artifact?.revision).toBe(
      `sha256:${createHash('sha256').update(indexBytes).digest('hex')}`,
    );
    const index = JSON.parse(await (await fetch(repository.status!.artifact!.url)).text());
    expect(Object.keys(index.entries)).toEqual(['podinfo']);

    const chart = await waitReady(helmChartType, namespace, 'podinfo');
    expect(chart.status?.artifact?.revision).toBe('1.1.0');
    expect(chart.status?.artifact?.path).toBe(`helmchart/${namespace}/podinfo/podinfo-1.1.0.tgz`);
    const file = await download(chart.status!.artifact!.url, join(work, `${namespace}.tgz`));
    expect(parse(await helm(['show', 'chart', file])).version).toBe('1.1.0');
  });

  it('merges valuesFiles into the chart and marks the version with the generation', async () => {
    const namespace = await harness.namespace();
    await create(gitRepositoryType, namespace, 'charts', { url: git.repoUrl('charts'), ref: { branch: 'main' } });
    await create(helmChartType, namespace, 'app', {
      chart: 'charts/app',
      sourceRef: { kind: 'GitRepository', name: 'charts' },
      valuesFiles: ['charts/app/values.yaml', 'values-prod.yaml'],
    });
    const chart = await waitReady(helmChartType, namespace, 'app');
    expect(chart.status?.artifact?.revision).toBe('0.3.0+1');
    const file = await download(chart.status!.artifact!.url, join(work, `${namespace}-app.tgz`));
    expect(parse(await helm(['show', 'values', file]))).toEqual({ replicaCount: 3, built: '0.3.0' });
  });

  it('packages a chart from a GitRepository, with the Revision strategy adding the commit', async () => {
    const namespace = await harness.namespace();
    await create(gitRepositoryType, namespace, 'charts', { url: git.repoUrl('charts'), ref: { branch: 'main' } });
    await create(helmChartType, namespace, 'app', {
      chart: 'charts/app',
      sourceRef: { kind: 'GitRepository', name: 'charts' },
      reconcileStrategy: 'Revision',
    });
    const source = await waitReady(gitRepositoryType, namespace, 'charts');
    const chart = await waitReady(helmChartType, namespace, 'app');
    const commit = source.status!.artifact!.revision.split(':')[1];
    expect(chart.status?.artifact?.revision).toBe(`0.3.0+${commit.slice(0, 12)}`);
  });

  it('says why: a malformed index, a missing chart, a chart that fails to package, a missing source', async () => {
    const namespace = await harness.namespace();
    await create(helmRepositoryType, namespace, 'broken', { url: `${charts.url}/broken` });
    await create(helmRepositoryType, namespace, 'podinfo', { url: `${charts.url}/repo` });
    await create(helmChartType, namespace, 'missing', {
      chart: 'nope',
      sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
    });
    await create(gitRepositoryType, namespace, 'charts', { url: git.repoUrl('charts'), ref: { branch: 'main' } });
    await create(helmChartType, namespace, 'broken-chart', {
      chart: 'charts/broken',
      sourceRef: { kind: 'GitRepository', name: 'charts' },
    });
    await create(helmChartType, namespace, 'orphan', {
      chart: 'x',
      sourceRef: { kind: 'HelmRepository', name: 'does-not-exist' },
    });

    const broken = await waitFor<SourceStatusObject>(
      harness.client,
      helmRepositoryType,
      namespace,
      'broken',
      failedWith('IndexationFailed'),
    );
    expect(condition(broken, 'FetchFailed')?.status).toBe('True');
    const missing = await waitFor<SourceStatusObject>(harness.client, helmChartType, namespace, 'missing', (o) => {
      if (condition(o, 'Stalled')?.status !== 'True') throw new Error('not stalled yet');
    });
    expect(condition(missing, 'Ready')?.message).toContain('nope');
    const brokenChart = await waitFor<SourceStatusObject>(
      harness.client,
      helmChartType,
      namespace,
      'broken-chart',
      (o) => {
        if (condition(o, 'BuildFailed')?.status !== 'True') throw new Error('not failed to build yet');
      },
    );
    expect(condition(brokenChart, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidChartReference' });
    expect(condition(brokenChart, 'Stalled')?.status).toBe('True');
    await waitFor<SourceStatusObject>(
      harness.client,
      helmChartType,
      namespace,
      'orphan',
      failedWith('SourceUnavailable'),
    );
  });
});
