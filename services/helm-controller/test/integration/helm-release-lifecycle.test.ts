import type { HelmRelease } from '@driftless/api';
import type { KubeObject } from '@driftless/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  condition,
  configMapType,
  deploymentType,
  type HelmHarness,
  helmRelease,
  helmReleaseType,
  helmRepository,
  helmRepositoryType,
  notReadyWith,
  ready,
  startHelmHarness,
  waitFor,
} from './harness.js';

type HelmReleaseObject = HelmRelease & KubeObject;

let harness: HelmHarness;

beforeAll(async () => {
  harness = await startHelmHarness();
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

/** A HelmRepository `charts` with the webapp chart, and a HelmRelease `web` of it. */
async function releaseFromRepository(namespace: string, spec: Record<string, unknown>) {
  await harness.client.create(helmRepositoryType, helmRepository(namespace, 'charts', { url: harness.chartRepoUrl }));
  await harness.client.create(
    helmReleaseType,
    helmRelease(namespace, 'web', {
      chart: { spec: { chart: 'webapp', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
      ...spec,
    }),
  );
}

function readRelease(namespace: string) {
  return harness.client.get<HelmReleaseObject>(helmReleaseType, namespace, 'web');
}

async function updateSpec(namespace: string, change: (spec: HelmReleaseObject['spec']) => void) {
  const current = await readRelease(namespace);
  change(current.spec);
  await harness.client.replace(helmReleaseType, current);
}

function waitRelease(namespace: string, check: (object: HelmReleaseObject) => void, timeoutMs = 60_000) {
  return waitFor<HelmReleaseObject>(harness.client, helmReleaseType, namespace, 'web', check, timeoutMs);
}

async function helmHistory(
  namespace: string,
): Promise<Array<{ revision: number; status: string; description: string }>> {
  return JSON.parse(await harness.helm(['history', 'web', '-n', namespace, '-o', 'json']));
}

describe('HelmRelease from a chart repository', () => {
  it('installs, runs hooks in weight order, and shows up in the real helm', async () => {
    const namespace = await harness.namespace();
    await releaseFromRepository(namespace, { values: { settings: { greeting: 'hi' } } });
    const installed = await waitRelease(namespace, (object) => {
      ready(object);
      expect(condition(object, 'Released')?.reason).toBe('InstallSucceeded');
    });
    expect(installed.status?.helmChart).toBe(`${namespace}/${namespace}-web`);
    expect(installed.status?.history?.[0]).toMatchObject({
      name: 'web',
      namespace,
      version: 1,
      status: 'deployed',
      chartName: 'webapp',
      chartVersion: '1.0.0',
    });
    expect(installed.status?.lastAttemptedRevision).toBe('1.0.0');
    expect(installed.status?.lastAttemptedConfigDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const settings = await harness.client.get<KubeObject & { data: Record<string, string> }>(
      configMapType,
      namespace,
      'web-settings',
    );
    expect(settings.data.greeting).toBe('hi');
    expect(settings.metadata.labels).toMatchObject({
      'helm.toolkit.fluxcd.io/name': 'web',
      'helm.toolkit.fluxcd.io/namespace': namespace,
      'app.kubernetes.io/managed-by': 'Helm',
    });

    // hook-b (weight -5) before hook-c (0) before hook-a (5): the order of their creation.
    const created = await Promise.all(
      ['web-hook-a', 'web-hook-b', 'web-hook-c'].map(async (name) => {
        const hook = await harness.client.get(configMapType, namespace, name);
        return { name, version: Number(hook.metadata.resourceVersion) };
      }),
    );
    expect(created.sort((a, b) => a.version - b.version).map((hook) => hook.name)).toEqual([
      'web-hook-b',
      'web-hook-c',
      'web-hook-a',
    ]);

    const list = JSON.parse(await harness.helm(['list', '-n', namespace, '-o', 'json']));
    expect(list).toEqual([
      expect.objectContaining({ name: 'web', namespace, revision: '1', status: 'deployed', chart: 'webapp-1.0.0' }),
    ]);
    const values = JSON.parse(await harness.helm(['get', 'values', 'web', '-n', namespace, '-o', 'json']));
    expect(values).toEqual({ settings: { greeting: 'hi' } });
    expect(
      harness.events.some(
        (event) => event.reason === 'InstallSucceeded' && event.involvedObject.namespace === namespace,
      ),
    ).toBe(true);
  });

  it('upgrades when the values change, and when the chart version changes', async () => {
    const namespace = await harness.namespace();
    await releaseFromRepository(namespace, { values: { settings: { greeting: 'one' } } });
    await waitRelease(namespace, ready);

    await updateSpec(namespace, (spec) => {
      spec.values = { settings: { greeting: 'two' } };
    });
    const upgraded = await waitRelease(namespace, (object) => {
      expect(object.status?.history?.[0]?.version).toBe(2);
      ready(object);
    });
    expect(condition(upgraded, 'Released')?.reason).toBe('UpgradeSucceeded');
    const settings = await harness.client.get<KubeObject & { data: Record<string, string> }>(
      configMapType,
      namespace,
      'web-settings',
    );
    expect(settings.data.greeting).toBe('two');

    await updateSpec(namespace, (spec) => {
      spec.chart!.spec.version = '1.1.0';
    });
    const bumped = await waitRelease(namespace, (object) => {
      expect(object.status?.history?.[0]).toMatchObject({ version: 3, chartVersion: '1.1.0' });
      ready(object);
    });
    expect(bumped.status?.lastAttemptedRevision).toBe('1.1.0');
    expect((await helmHistory(namespace)).map((entry) => [entry.revision, entry.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ]);
  });

  it('rolls a failed upgrade back, says why in Ready, and stops after the retries', async () => {
    const namespace = await harness.namespace();
    await releaseFromRepository(namespace, {
      timeout: '5s',
      upgrade: { remediation: { retries: 1 } },
      values: { settings: { greeting: 'good' } },
    });
    await waitRelease(namespace, ready);

    await updateSpec(namespace, (spec) => {
      spec.values = { settings: { greeting: 'bad' }, simulate: 'fail' };
    });
    const stalled = await waitRelease(
      namespace,
      (object) => {
        expect(condition(object, 'Stalled')?.reason).toBe('RetriesExceeded');
      },
      90_000,
    );
    notReadyWith('RollbackSucceeded')(stalled);
    expect(condition(stalled, 'Remediated')).toMatchObject({ status: 'True', reason: 'RollbackSucceeded' });
    expect(condition(stalled, 'Released')?.reason).toBe('UpgradeFailed');
    expect(stalled.status?.upgradeFailures).toBe(2);
    expect(condition(stalled, 'Stalled')?.message).toBe('Failed to upgrade after 2 attempt(s)');

    const history = await helmHistory(namespace);
    expect(history.map((entry) => entry.status)).toEqual(['superseded', 'failed', 'superseded', 'failed', 'deployed']);
    expect(history.at(-1)?.description).toBe('Rollback to 3');
    const settings = await harness.client.get<KubeObject & { data: Record<string, string> }>(
      configMapType,
      namespace,
      'web-settings',
    );
    expect(settings.data.greeting).toBe('good');
    const deployment = await harness.client.get(deploymentType, namespace, 'web');
    expect(deployment.metadata.annotations?.['devcluster.driftless.io/simulate']).toBeUndefined();
    const reasons = harness.events
      .filter((event) => event.involvedObject.namespace === namespace)
      .map((event) => event.reason);
    expect(reasons).toEqual(expect.arrayContaining(['UpgradeFailed', 'RollbackSucceeded']));
  }, 120_000);

  it('retries a release out of retries on a reconcile request with resetAt, without a spec change', async () => {
    const namespace = await harness.namespace();
    // An object of the chart already exists, owned by no release: helm refuses to take it over.
    await harness.client.create(configMapType, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-settings', namespace },
      data: { owner: 'someone else' },
    });
    await releaseFromRepository(namespace, {});
    const stalled = await waitRelease(namespace, (object) => {
      expect(condition(object, 'Stalled')?.reason).toBe('RetriesExceeded');
    });
    notReadyWith('InstallFailed')(stalled);
    expect(condition(stalled, 'Released')?.message).toContain('web-settings');

    await harness.client.delete(configMapType, { namespace, name: 'web-settings' });
    const requestedAt = new Date().toISOString();
    const current = await readRelease(namespace);
    current.metadata.annotations = {
      ...current.metadata.annotations,
      'reconcile.fluxcd.io/requestedAt': requestedAt,
      'reconcile.fluxcd.io/resetAt': requestedAt,
    };
    await harness.client.replace(helmReleaseType, current);
    const recovered = await waitRelease(namespace, ready);
    expect(recovered.status?.lastHandledResetAt).toBe(requestedAt);
    expect(recovered.status?.installFailures ?? 0).toBe(0);
    expect(condition(recovered, 'Stalled')).toBeUndefined();
  });
});
