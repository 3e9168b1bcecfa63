import { putStatus } from '@driftless/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configMapType,
  configMapYaml,
  type KustomizeHarness,
  kustomization,
  kustomizationType,
  notReadyWith,
  read,
  ready,
  startKustomizeHarness,
  waitFor,
} from './harness.js';

type Applied = { metadata: { creationTimestamp: string; resourceVersion: string } };

describe('Kustomization: dependsOn', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('applies a dependent only after its dependency is ready at its latest revision', async () => {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', {
      'infra/base.yaml': configMapYaml('base', { role: 'infra' }, ns),
      'apps/app.yaml': configMapYaml('app', { role: 'app' }, ns),
    });
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'apps', { path: './apps', dependsOn: [{ name: 'infra' }] }),
    );
    await waitFor(h.client, kustomizationType, ns, 'apps', notReadyWith('DependencyNotReady'));
    await expect(h.client.get(configMapType, ns, 'app')).rejects.toThrow(/not found/i);

    await h.client.create(kustomizationType, kustomization(ns, 'infra', { path: './infra' }));
    await waitFor(h.client, kustomizationType, ns, 'apps', ready);
    const base = await read<Applied>(h.client, configMapType, ns, 'base');
    const app = await read<Applied>(h.client, configMapType, ns, 'app');
    expect(Number(app.metadata.resourceVersion)).toBeGreaterThan(Number(base.metadata.resourceVersion));
  });

  it('reports a dependency cycle instead of waiting forever', async () => {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', { 'a.yaml': configMapYaml('a', { x: '1' }, ns) });
    await h.client.create(kustomizationType, kustomization(ns, 'first', { dependsOn: [{ name: 'second' }] }));
    await h.client.create(kustomizationType, kustomization(ns, 'second', { dependsOn: [{ name: 'first' }] }));
    const stalled = await waitFor<{ status?: { conditions?: { type: string; status: string; message?: string }[] } }>(
      h.client,
      kustomizationType,
      ns,
      'first',
      (object) => {
        expect(object.status?.conditions?.find((c) => c.type === 'Stalled')?.status).toBe('True');
      },
    );
    expect(stalled.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      `circular dependency: Kustomization/${ns}/first -> Kustomization/${ns}/second -> Kustomization/${ns}/first`,
    );
  });

  it('waits for another kind (a HelmRelease) through the readiness bucket on NATS', async () => {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', { 'app.yaml': configMapYaml('after-helm', { x: '1' }, ns) });
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'app', { dependsOn: [{ kind: 'HelmRelease', name: 'database' }] }),
    );
    const waiting = await waitFor<{ status?: { conditions?: { type: string; message?: string }[] } }>(
      h.client,
      kustomizationType,
      ns,
      'app',
      notReadyWith('DependencyNotReady'),
    );
    expect(waiting.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
      `HelmRelease/${ns}/database`,
    );
    const ref = { kind: 'HelmRelease', namespace: ns, name: 'database' };
    await putStatus(h.bus, ref, {
      ready: false,
      reason: 'InstallFailed',
      message: 'install failed',
      observedGeneration: 1,
    });
    await putStatus(h.bus, ref, {
      ready: true,
      reason: 'InstallSucceeded',
      message: 'installed',
      observedGeneration: 1,
    });
    await waitFor(h.client, kustomizationType, ns, 'app', ready, 5_000);
  });
});
