import type { HelmRelease } from '@driftless/api';
import { type KubeObject, PatchType } from '@driftless/runtime';
import { eventually } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  condition,
  configMapType,
  deploymentType,
  gitRepository,
  gitRepositoryType,
  type HelmHarness,
  helmChartType,
  helmRelease,
  helmReleaseType,
  notReadyWith,
  ociRepository,
  ociRepositoryType,
  ready,
  secretType,
  startHelmHarness,
  waitFor,
} from './harness.js';

type HelmReleaseObject = HelmRelease & KubeObject;
type DeploymentObject = KubeObject & { spec: { replicas: number } };

let harness: HelmHarness;

beforeAll(async () => {
  harness = await startHelmHarness();
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

function waitRelease(namespace: string, name: string, check: (object: HelmReleaseObject) => void, timeoutMs = 60_000) {
  return waitFor<HelmReleaseObject>(harness.client, helmReleaseType, namespace, name, check, timeoutMs);
}

async function releaseFromGit(namespace: string, name: string, spec: Record<string, unknown> = {}) {
  await harness.client.create(
    gitRepositoryType,
    gitRepository(namespace, 'charts', { url: harness.gitRepoUrl, ref: { branch: 'main' } }),
  );
  await harness.client.create(
    helmReleaseType,
    helmRelease(namespace, name, {
      chart: { spec: { chart: 'charts/webapp', sourceRef: { kind: 'GitRepository', name: 'charts' } } },
      ...spec,
    }),
  );
}

async function releaseSecrets(namespace: string, name: string): Promise<string[]> {
  const list = await harness.client.list(secretType, { namespace, labelSelector: `owner=helm,name=${name}` });
  return list.items.map((secret) => secret.metadata.name).sort();
}

describe('HelmRelease sources', () => {
  it('installs a chart from a GitRepository through the HelmChart it creates', async () => {
    const namespace = await harness.namespace();
    await releaseFromGit(namespace, 'web');
    const installed = await waitRelease(namespace, 'web', ready);
    expect(installed.status?.history?.[0]).toMatchObject({ chartName: 'webapp', chartVersion: '1.0.0', version: 1 });
    const chart = await harness.client.get(helmChartType, namespace, `${namespace}-web`);
    expect(chart.metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'web' });
    expect(await releaseSecrets(namespace, 'web')).toEqual(['sh.helm.release.v1.web.v1']);
  });

  it('installs a chart from an OCIRepository (chartRef), recording its digest', async () => {
    const namespace = await harness.namespace();
    await harness.client.create(
      ociRepositoryType,
      ociRepository(namespace, 'webapp', {
        url: `${harness.ociRepoUrl}/webapp`,
        ref: { tag: '1.0.0' },
        insecure: true,
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      }),
    );
    await harness.client.create(
      helmReleaseType,
      helmRelease(namespace, 'web', { chartRef: { kind: 'OCIRepository', name: 'webapp' } }),
    );
    const installed = await waitRelease(namespace, 'web', ready);
    expect(installed.status?.history?.[0]?.ociDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(installed.status?.lastAttemptedRevision).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
    expect(installed.status?.helmChart).toBeUndefined();
    const reconciles = installed.status?.history?.length;
    // Nothing changed: a reconcile request leaves the release as it is.
    await harness.client.patch(
      helmReleaseType,
      installed.metadata,
      {
        metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'again' } },
      },
      { patchType: PatchType.Merge },
    );
    const again = await waitRelease(namespace, 'web', (object) => {
      expect(object.status?.lastHandledReconcileAt).toBe('again');
    });
    expect(again.status?.history?.length).toBe(reconciles);
    expect(again.status?.history?.[0]?.version).toBe(1);
  });
});

describe('HelmRelease tests', () => {
  it('runs helm test hooks: TestSuccess True when they pass, Ready False when one fails', async () => {
    const namespace = await harness.namespace();
    await releaseFromGit(namespace, 'web', { test: { enable: true } });
    const passed = await waitRelease(namespace, 'web', (object) => {
      ready(object);
      expect(condition(object, 'TestSuccess')?.status).toBe('True');
    });
    expect(condition(passed, 'TestSuccess')?.reason).toBe('TestSucceeded');
    expect(passed.status?.history?.[0]?.testHooks?.['web-test']?.phase).toBe('Succeeded');

    const current = await harness.client.get<HelmReleaseObject>(helmReleaseType, namespace, 'web');
    current.spec.values = { tests: { fail: true } };
    await harness.client.replace(helmReleaseType, current);
    const failed = await waitRelease(namespace, 'web', notReadyWith('TestFailed'));
    expect(condition(failed, 'TestSuccess')).toMatchObject({ status: 'False', reason: 'TestFailed' });
    expect(failed.status?.history?.[0]?.testHooks?.['web-test']?.phase).toBe('Failed');
  });
});

describe('HelmRelease drift and deletion', () => {
  it('corrects drift of a release object within a second, and reports it in warn mode', async () => {
    const namespace = await harness.namespace();
    await releaseFromGit(namespace, 'web', { driftDetection: { mode: 'enabled' } });
    await waitRelease(namespace, 'web', ready);
    await harness.client.patch(
      deploymentType,
      { namespace, name: 'web' },
      { spec: { replicas: 5 } },
      { patchType: PatchType.Merge },
    );
    await eventually(
      async () => {
        const deployment = await harness.client.get<DeploymentObject>(deploymentType, namespace, 'web');
        expect(deployment.spec.replicas).toBe(1);
      },
      { timeoutMs: 1_000, intervalMs: 50 },
    );
    await eventually(async () => {
      expect(
        harness.events.some(
          (event) => event.reason === 'DriftCorrected' && event.involvedObject.namespace === namespace,
        ),
      ).toBe(true);
    });

    const current = await harness.client.get<HelmReleaseObject>(helmReleaseType, namespace, 'web');
    current.spec.driftDetection = { mode: 'warn' };
    await harness.client.replace(helmReleaseType, current);
    await waitRelease(namespace, 'web', (object) =>
      expect(object.status?.observedGeneration).toBe(object.metadata.generation),
    );
    await harness.client.patch(
      configMapType,
      { namespace, name: 'web-settings' },
      { data: { greeting: 'changed by hand' } },
      { patchType: PatchType.Merge },
    );
    await eventually(async () => {
      const warning = harness.events.find(
        (event) => event.reason === 'DriftDetected' && event.involvedObject.namespace === namespace,
      );
      expect(warning?.message).toContain('ConfigMap/');
      expect(warning?.message).toContain('data.greeting');
    });
    const settings = await harness.client.get<KubeObject & { data: Record<string, string> }>(
      configMapType,
      namespace,
      'web-settings',
    );
    expect(settings.data.greeting).toBe('changed by hand');
  });

  it('uninstalls the release and removes its HelmChart when the HelmRelease is deleted', async () => {
    const namespace = await harness.namespace();
    await releaseFromGit(namespace, 'web');
    await waitRelease(namespace, 'web', ready);
    expect(await releaseSecrets(namespace, 'web')).toHaveLength(1);
    await harness.client.delete(helmReleaseType, { namespace, name: 'web' });
    await eventually(async () => {
      const list = await harness.client.list(helmReleaseType, { namespace });
      expect(list.items).toHaveLength(0);
    });
    expect(await releaseSecrets(namespace, 'web')).toEqual([]);
    const deployments = await harness.client.list(deploymentType, { namespace });
    expect(deployments.items).toHaveLength(0);
    const charts = await harness.client.list(helmChartType, { namespace });
    expect(charts.items).toHaveLength(0);
    expect(JSON.parse(await harness.helm(['list', '-n', namespace, '-o', 'json']))).toEqual([]);
  });
});
