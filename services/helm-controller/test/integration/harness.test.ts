import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceType } from '@driftless/runtime';
import type { ConditionedObject } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  gitRepository,
  gitRepositoryType,
  type HelmHarness,
  helmChart,
  helmChartType,
  helmRepository,
  helmRepositoryType,
  ociRepository,
  ociRepositoryType,
  ready,
  startHelmHarness,
  waitFor,
} from './harness.js';

type SourceObject = ConditionedObject & { status?: { artifact?: { revision: string; url: string } } };

const helmChartMediaType = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

let harness: HelmHarness;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'helm-harness-test-'));
  harness = await startHelmHarness({ controller: false });
}, 180_000);

afterAll(async () => {
  await harness?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const artifactOf = (type: ResourceType, namespace: string, name: string) =>
  waitFor<SourceObject>(harness.client, type, namespace, name, ready, 60_000);

describe('the helm harness', () => {
  it('serves webapp from a chart repository: HelmRepository and HelmChart become Ready with the newest version', async () => {
    const namespace = await harness.namespace();
    await harness.client.create(helmRepositoryType, helmRepository(namespace, 'charts', { url: harness.chartRepoUrl }));
    await harness.client.create(
      helmChartType,
      helmChart(namespace, 'webapp', {
        chart: 'webapp',
        version: '*',
        sourceRef: { kind: 'HelmRepository', name: 'charts' },
      }),
    );
    await artifactOf(helmRepositoryType, namespace, 'charts');
    const chart = await artifactOf(helmChartType, namespace, 'webapp');
    expect(chart.status?.artifact?.revision).toBe('1.1.0');
  });

  it('serves webapp 1.0.0 from git at charts/webapp', async () => {
    const namespace = await harness.namespace();
    await harness.client.create(
      gitRepositoryType,
      gitRepository(namespace, 'charts', { url: harness.gitRepoUrl, ref: { branch: 'main' } }),
    );
    await harness.client.create(
      helmChartType,
      helmChart(namespace, 'webapp', { chart: 'charts/webapp', sourceRef: { kind: 'GitRepository', name: 'charts' } }),
    );
    const source = await artifactOf(gitRepositoryType, namespace, 'charts');
    expect(source.status?.artifact?.revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    const chart = await artifactOf(helmChartType, namespace, 'webapp');
    expect(chart.status?.artifact?.revision).toBe('1.0.0');
  });

  it('serves webapp from the OCI registry, pushed by helm: OCIRepository copies the chart layer', async () => {
    const namespace = await harness.namespace();
    await harness.client.create(
      ociRepositoryType,
      ociRepository(namespace, 'webapp', {
        url: `${harness.ociRepoUrl}/webapp`,
        ref: { tag: '1.0.0' },
        insecure: true,
        layerSelector: { mediaType: helmChartMediaType, operation: 'copy' },
      }),
    );
    const source = await artifactOf(ociRepositoryType, namespace, 'webapp');
    expect(source.status?.artifact?.revision).toMatch(/^1\.0\.0@sha256:[0-9a-f]{64}$/);
    const file = join(work, 'oci-webapp.tgz');
    await writeFile(file, Buffer.from(await (await fetch(source.status!.artifact!.url)).arrayBuffer()));
    expect(parse(await harness.helm(['show', 'chart', file]))).toMatchObject({ name: 'webapp', version: '1.0.0' });
  });

  it('runs without the helm-controller when asked to', () => {
    expect(() => harness.app).toThrow('controller: false');
  });

  it('runs the real helm against the dev cluster', async () => {
    expect(parse(await harness.helm(['list', '--all-namespaces', '--output', 'yaml']))).toEqual([]);
  });
});
