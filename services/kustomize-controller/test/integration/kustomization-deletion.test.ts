import { eventually } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configMapType,
  configMapYaml,
  type KustomizeHarness,
  kustomization,
  kustomizationType,
  ready,
  startKustomizeHarness,
  waitFor,
} from './harness.js';

describe('Kustomization: deletion', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each([
    ['prune on: removes what it applied', { prune: true }, false],
    ['prune off: keeps it', { prune: false }, true],
    ['deletionPolicy Orphan: keeps it even with prune on', { prune: true, deletionPolicy: 'Orphan' }, true],
    ['deletionPolicy Delete: removes it even with prune off', { prune: false, deletionPolicy: 'Delete' }, false],
  ])('%s', async (_name, spec, kept) => {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', { 'settings.yaml': configMapYaml('settings', { a: '1' }, ns) });
    await h.client.create(kustomizationType, kustomization(ns, 'app', spec));
    await waitFor(h.client, kustomizationType, ns, 'app', ready);
    await h.client.delete(kustomizationType, { namespace: ns, name: 'app' });
    await eventually(async () => {
      await expect(h.client.get(kustomizationType, ns, 'app')).rejects.toThrow(/not found/i);
    });
    if (kept) await expect(h.client.get(configMapType, ns, 'settings')).resolves.toBeDefined();
    else await expect(h.client.get(configMapType, ns, 'settings')).rejects.toThrow(/not found/i);
  });
});
