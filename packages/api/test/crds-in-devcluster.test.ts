import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { ApiException, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCrdFiles } from '../src/crd/render-crds.js';
import { findKindDefinition, listKinds } from '../src/registry/kind-registry.js';
import { validate } from '../src/registry/validate.js';
import { type FixtureKind, loadFixtures } from './fixtures.js';

const run = promisify(execFile);
const kubectlBin = fileURLToPath(new URL('../../../.tools/bin/kubectl', import.meta.url));
const crdDir = fileURLToPath(new URL('../crds/', import.meta.url));
const namespace = `api-crds-${Date.now().toString(36)}`;

let cluster: DevCluster;
let home: string;
let api: CustomObjectsApi;

const kubectl = async (...args: string[]) => {
  const { stdout } = await run(kubectlBin, ['--kubeconfig', cluster.kubeconfigPath, ...args], { env: { HOME: home } });
  return stdout;
};

const sourceKinds = new Set(['GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository']);

const statusFor = (kind: string, generation: number): Record<string, unknown> => ({
  observedGeneration: generation,
  lastHandledReconcileAt: '2026-01-01T00:00:00Z',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Succeeded',
      message: 'stored artifact for revision main@sha1:0123456789abcdef0123456789abcdef01234567',
      lastTransitionTime: '2026-01-01T00:00:00Z',
      observedGeneration: generation,
    },
  ],
  ...(sourceKinds.has(kind)
    ? {
        artifact: {
          path: `${kind.toLowerCase()}/${namespace}/sample/0123456789abcdef.tar.gz`,
          url: 'http://source-controller.flux-system.svc/sample.tar.gz',
          revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
          digest: `sha256:${'a'.repeat(64)}`,
          lastUpdateTime: '2026-01-01T00:00:00Z',
          size: 1024,
          metadata: { 'org.opencontainers.image.source': 'https://github.com/stefanprodan/podinfo' },
        },
      }
    : {}),
  ...(kind === 'Kustomization'
    ? {
        lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
        lastAttemptedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
        inventory: { entries: [{ id: `${namespace}_podinfo_apps_Deployment`, v: 'v1' }] },
      }
    : {}),
});

type CrdList = {
  items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
};

// Polls instead of `kubectl wait`: the dev cluster holds back a watch response's headers until its first event,
// so `kubectl wait` on several objects spends its whole timeout on the first one.
const waitEstablished = async (names: string[]) => {
  for (let attempt = 0; attempt < 300; attempt++) {
    const list = JSON.parse(await kubectl('get', 'crd', '-o', 'json')) as CrdList;
    const established = new Set(
      list.items
        .filter((crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        .map((crd) => crd.metadata.name),
    );
    if (names.every((name) => established.has(name))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`CRDs not Established: ${names.join(', ')}`);
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'api-crds-home-'));
  cluster = await startDevCluster({ port: 0 });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  api = kubeConfig.makeApiClient(CustomObjectsApi);
  await kubectl('apply', '--server-side', '-f', crdDir);
  await waitEstablished(renderCrdFiles().map((file) => file.fileName.replace(/^([^_]+)_(.+)\.yaml$/, '$2.$1')));
  await kubectl('create', 'namespace', namespace);
});

afterAll(async () => {
  await cluster?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const cases = listKinds().flatMap((info) => info.versions.map((version) => ({ info, version })));

describe('generated CRDs in the dev cluster', () => {
  it('are all Established', async () => {
    const names = (await kubectl('get', 'crd', '-o', 'jsonpath={.items[*].metadata.name}')).split(' ');
    for (const info of listKinds()) expect(names).toContain(`${info.plural}.${info.group}`);
  });

  it.each(cases.map(({ info, version }) => [`${info.kind} ${version}`, info, version] as const))(
    '%s: spec round-trips, status updates, kubectl prints the columns',
    async (_label, info, version) => {
      const [fixture] = loadFixtures(info.kind as FixtureKind);
      const name = `${fixture.metadata.name}-${version}`;
      const sample = { ...fixture, apiVersion: `${info.group}/${version}`, metadata: { name, namespace } };
      const expected = validate(info.kind, sample);
      if (!expected.ok) throw new Error(JSON.stringify(expected.errors));
      const target = { group: info.group, version, namespace, plural: info.plural, name };

      await api.createNamespacedCustomObject({ ...target, body: sample });
      const created = await api.getNamespacedCustomObject(target);
      expect(created.apiVersion).toBe(`${info.group}/${version}`);
      expect(created.spec).toEqual((expected.value as { spec: unknown }).spec);

      const status = statusFor(info.kind, created.metadata.generation);
      expect(validate(info.kind, { ...sample, status }).ok).toBe(true);
      await api.replaceNamespacedCustomObjectStatus({ ...target, body: { ...created, status } });
      const updated = await api.getNamespacedCustomObject(target);
      expect(updated.status).toEqual(status);
      expect(updated.spec).toEqual(created.spec);

      const resource = info.shortNames[0] ?? info.plural;
      const printed = await kubectl(
        'get',
        version === info.storageVersion ? resource : `${info.plural}.${version}.${info.group}`,
        '-n',
        namespace,
        name,
      );
      const [header, row] = printed.trim().split('\n');
      const columns = header.trim().split(/\s{2,}/);
      expect(columns[0]).toBe('NAME');
      const shown = findKindDefinition(info.kind)!
        .printerColumns.filter((column) => !column.priority)
        .map((column) => column.name.toUpperCase());
      expect(columns.slice(1)).toEqual(shown);
      expect(row.startsWith(name)).toBe(true);
      if (shown.includes('READY')) expect(row).toContain('True');
      if (shown.includes('STATUS')) expect(row).toContain('stored artifact for revision main@sha1:');
      if (shown.includes('URL')) expect(row).toContain(String((sample.spec as { url: string }).url));
    },
  );

  it('rejects a Kustomization without prune through the CRD schema', async () => {
    const [fixture] = loadFixtures('Kustomization');
    const { prune: _prune, ...spec } = fixture.spec;
    const body = { ...fixture, metadata: { name: 'no-prune', namespace }, spec };
    const target = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace, plural: 'kustomizations' };
    const error = await api.createNamespacedCustomObject({ ...target, body }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(422);
    expect(String((error as ApiException<unknown>).body)).toContain('spec.prune');
  });

  it('rejects a bad enum and a bad duration through the CRD schema', async () => {
    const [fixture] = loadFixtures('GitRepository');
    const body = {
      ...fixture,
      metadata: { name: 'bad-git', namespace },
      spec: { ...fixture.spec, interval: 'often', provider: 'bitbucket' },
    };
    const target = { group: 'source.toolkit.fluxcd.io', version: 'v1', namespace, plural: 'gitrepositories' };
    const error = (await api
      .createNamespacedCustomObject({ ...target, body })
      .catch((caught: unknown) => caught)) as ApiException<unknown>;
    expect(error.code).toBe(422);
    expect(String(error.body)).toContain('spec.interval');
    expect(String(error.body)).toContain('spec.provider');
  });
});
