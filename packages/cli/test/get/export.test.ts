import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type ExportFlags, runExport } from '../../src/commands/get/export-command.js';
import { cliKindOf, cliKindsInGroup } from '../../src/context/flux-kinds.js';
import { ExitCode } from '../../src/exit-code.js';
import {
  createFlux,
  createNamespace,
  type Fixture,
  readyCondition,
  runCaptured,
  startFixture,
  typeOf,
} from './fixture.js';

let fx: Fixture;
const ks = cliKindOf('Kustomization');
const spec = {
  interval: '10m',
  path: './apps/production',
  prune: true,
  sourceRef: { kind: 'GitRepository', name: 'fleet' },
  postBuild: { substitute: { cluster: 'prod' } },
};

beforeAll(async () => {
  fx = await startFixture();
  for (const namespace of ['fleet', 'edge', 'copy']) await createNamespace(fx.client, namespace);
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'fleet',
    name: 'apps',
    spec,
    metadata: {
      labels: { team: 'platform', 'kustomize.toolkit.fluxcd.io/name': 'root' },
      annotations: { owner: 'ops', 'reconcile.fluxcd.io/requestedAt': '2025-01-01T00:00:00Z' },
      finalizers: ['finalizers.fluxcd.io'],
    },
    status: { conditions: [readyCondition('True', 'Applied')], lastAppliedRevision: 'main@sha1:1' },
  });
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'fleet',
    name: 'infra',
    spec: { ...spec, path: './infra' },
  });
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'edge',
    name: 'edge',
    spec: { ...spec, path: './edge' },
  });
  await createFlux(fx.client, {
    kind: 'GitRepository',
    namespace: 'fleet',
    name: 'fleet',
    spec: { url: 'https://example.com/fleet.git', interval: '1m', ref: { branch: 'main' } },
  });
  await createFlux(fx.client, {
    kind: 'HelmRepository',
    namespace: 'fleet',
    name: 'charts',
    spec: { url: 'https://charts.example.com', interval: '1h' },
  });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

function exportObjects(kinds: (typeof ks)[], name: string | undefined, flags: Partial<ExportFlags> = {}) {
  const all: ExportFlags = { namespace: 'fleet', kubeconfig: fx.cluster.kubeconfigPath, ...flags };
  return runCaptured(fx.work, (io) => runExport({ kinds, name }, all, io));
}

interface Exported {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: object; annotations?: object };
  spec?: unknown;
}

function documents(text: string): Exported[] {
  return parseAllDocuments(text).map((document) => document.toJS() as Exported);
}

describe('driftless export', () => {
  it('prints the object ready to commit, without what the server and the controllers added', async () => {
    const result = await exportObjects([ks], 'apps');
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout.startsWith('---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n')).toBe(
      true,
    );
    const [object] = documents(result.stdout);
    expect(Object.keys(object ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(object?.metadata).toEqual({
      name: 'apps',
      namespace: 'fleet',
      labels: { team: 'platform' },
      annotations: { owner: 'ops' },
    });
  });

  it('round-trips: the exported spec applied elsewhere is the same spec', async () => {
    const [object] = documents((await exportObjects([ks], 'apps')).stdout);
    const live = await fx.client.get<{ metadata: { name: string }; spec: unknown }>(
      typeOf('Kustomization'),
      'fleet',
      'apps',
    );
    expect(object?.spec).toEqual(live.spec);
    const copy = { ...object, metadata: { ...object?.metadata, namespace: 'copy' } };
    await fx.client.create(typeOf('Kustomization'), copy as never);
    const recreated = await fx.client.get<{ metadata: { name: string }; spec: unknown }>(
      typeOf('Kustomization'),
      'copy',
      'apps',
    );
    expect(recreated.spec).toEqual(live.spec);
    expect(recreated.spec).toMatchObject(spec);
    await fx.client.delete(typeOf('Kustomization'), { namespace: 'copy', name: 'apps' });
  });

  it('exports every object with --all, in one namespace or all of them', async () => {
    const fleet = documents((await exportObjects([ks], undefined, { all: true })).stdout);
    expect(fleet.map((object) => object.metadata.name)).toEqual(['apps', 'infra']);
    const everywhere = await exportObjects([ks], undefined, { all: true, allNamespaces: true });
    expect(everywhere.stdout.match(/^---$/gm)).toHaveLength(3);
    expect(
      documents(everywhere.stdout).map((object) => `${object.metadata.namespace}/${object.metadata.name}`),
    ).toEqual(['edge/edge', 'fleet/apps', 'fleet/infra']);
    const sources = documents((await exportObjects(cliKindsInGroup('source'), undefined, { all: true })).stdout);
    expect(sources.map((object) => object.kind)).toEqual(['GitRepository', 'HelmRepository']);
  });

  it('wants a name or --all, exits 3 for a missing object and 4 for a closed cluster', async () => {
    const neither = await exportObjects([ks], undefined);
    expect(neither.code).toBe(ExitCode.usage);
    const missing = await exportObjects([ks], 'ghost');
    expect(missing.code).toBe(ExitCode.notFound);
    expect(missing.stderr).toBe(`driftless export: Kustomization object 'ghost' not found in "fleet" namespace\n`);
    const closed = await exportObjects([ks], 'apps', { kubeconfig: fx.closedKubeconfig });
    expect(closed.code).toBe(ExitCode.unreachable);
    expect(closed.stderr).toContain(fx.closedAddress);
    const empty = await exportObjects([cliKindOf('Receiver')], undefined, { all: true });
    expect(empty).toEqual({ code: ExitCode.ok, stdout: '', stderr: 'no objects found in "fleet" namespace\n' });
  });
});
