import { NotFoundError } from '@driftless/runtime';
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

type KustomizationStatus = {
  status?: {
    lastAppliedRevision?: string;
    lastAttemptedRevision?: string;
    inventory?: { entries: { id: string; v: string }[] };
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
};

describe('Kustomization: Git to cluster', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('applies a commit, configures a changed file, prunes a removed one', async () => {
    const ns = await h.namespace();
    const repo = await h.repository(ns, 'repo', {
      'app/one.yaml': configMapYaml('one', { greeting: 'hello' }, ns),
      'app/two.yaml': configMapYaml('two', { greeting: 'hi' }, ns),
    });
    await h.client.create(kustomizationType, kustomization(ns, 'app', { path: './app' }));
    const applied = await waitFor<KustomizationStatus>(h.client, kustomizationType, ns, 'app', ready);
    expect(applied.status?.lastAppliedRevision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(applied.status?.inventory?.entries).toEqual([
      { id: `${ns}_one__ConfigMap`, v: 'v1' },
      { id: `${ns}_two__ConfigMap`, v: 'v1' },
    ]);
    const one = await read<{ data: Record<string, string>; metadata: { labels: Record<string, string> } }>(
      h.client,
      configMapType,
      ns,
      'one',
    );
    expect(one.data).toEqual({ greeting: 'hello' });
    expect(one.metadata.labels).toMatchObject({
      'kustomize.toolkit.fluxcd.io/name': 'app',
      'kustomize.toolkit.fluxcd.io/namespace': ns,
    });

    const sha = await repo.change(
      { 'app/one.yaml': configMapYaml('one', { greeting: 'bonjour' }, ns), 'app/two.yaml': null },
      'configure one, remove two',
    );
    const updated = await waitFor<KustomizationStatus>(h.client, kustomizationType, ns, 'app', (object) => {
      expect(object.status?.lastAppliedRevision).toBe(`main@sha1:${sha}`);
    });
    expect(updated.status?.inventory?.entries).toEqual([{ id: `${ns}_one__ConfigMap`, v: 'v1' }]);
    const configured = await read<{ data: Record<string, string> }>(h.client, configMapType, ns, 'one');
    expect(configured.data).toEqual({ greeting: 'bonjour' });
    await expect(h.client.get(configMapType, ns, 'two')).rejects.toBeInstanceOf(NotFoundError);
    const messages = h.events.filter((event) => event.involvedObject.name === 'app').map((event) => event.message);
    expect(messages).toContain(`ConfigMap/${ns}/one configured\nConfigMap/${ns}/two deleted`);
  });

  it.each([
    ['invalid YAML', { 'app/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n' }, /bad\.yaml|YAML/i],
    ['a failing kustomize build', { 'app/kustomization.yaml': 'resources:\n  - missing.yaml\n' }, /missing\.yaml/],
  ])(
    'keeps everything applied when a commit brings %s (Ready=False with the message)',
    async (_name, files, message) => {
      const ns = await h.namespace();
      const repo = await h.repository(ns, 'repo', { 'app/keep.yaml': configMapYaml('keep', { a: '1' }, ns) });
      await h.client.create(kustomizationType, kustomization(ns, 'app', { path: './app', retryInterval: '1s' }));
      const first = await waitFor<KustomizationStatus>(h.client, kustomizationType, ns, 'app', ready);

      const sha = await repo.change({ ...files, 'app/keep.yaml': null }, 'break the build');
      const failed = await waitFor<KustomizationStatus>(
        h.client,
        kustomizationType,
        ns,
        'app',
        notReadyWith('BuildFailed'),
      );
      expect(failed.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(message);
      expect(failed.status?.lastAttemptedRevision).toBe(`main@sha1:${sha}`);
      expect(failed.status?.lastAppliedRevision).toBe(first.status?.lastAppliedRevision);
      expect(failed.status?.inventory).toEqual(first.status?.inventory);
      await expect(h.client.get(configMapType, ns, 'keep')).resolves.toBeDefined();
    },
  );

  it('reports a missing source and a path outside the artifact', async () => {
    const ns = await h.namespace();
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'nosource', { sourceRef: { kind: 'GitRepository', name: 'absent' } }),
    );
    const missing = await waitFor<KustomizationStatus>(
      h.client,
      kustomizationType,
      ns,
      'nosource',
      notReadyWith('ArtifactFailed'),
    );
    expect(missing.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      `Source 'GitRepository/${ns}/absent' not found`,
    );

    await h.repository(ns, 'repo', { 'keep.yaml': configMapYaml('keep', { a: '1' }, ns) });
    await h.client.create(kustomizationType, kustomization(ns, 'escape', { path: '../../etc' }));
    const escaped = await waitFor<KustomizationStatus>(
      h.client,
      kustomizationType,
      ns,
      'escape',
      notReadyWith('BuildFailed'),
    );
    expect(escaped.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(/outside/);
  });
});
