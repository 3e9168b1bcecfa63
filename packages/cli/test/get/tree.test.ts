import { encodeRelease, type Release } from '@driftless/helm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runTree, type TreeFlags } from '../../src/commands/get/tree-command.js';
import { cliKindOf } from '../../src/context/flux-kinds.js';
import { ExitCode } from '../../src/exit-code.js';
import {
  createFlux,
  createNamespace,
  type Fixture,
  readyCondition,
  runCaptured,
  secretType,
  startFixture,
} from './fixture.js';

let fx: Fixture;
const ks = cliKindOf('Kustomization');
const hr = cliKindOf('HelmRelease');
const ksSpec = { interval: '5m', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' } };
const inventory = (...ids: string[]) => ({
  conditions: [readyCondition('True', 'Applied')],
  inventory: { entries: ids.map((id) => ({ id, v: 'v1' })) },
});

/** What helm stored for revision 2 of podinfo: two namespaced objects without a namespace, one cluster-scoped. */
const manifest = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: podinfo
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: podinfo-reader
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec: {}
`;

beforeAll(async () => {
  fx = await startFixture();
  await createNamespace(fx.client, 'flux-system');
  await createNamespace(fx.client, 'apps');
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'root',
    spec: ksSpec,
    status: inventory(
      '_apps__Namespace',
      'flux-system_apps_kustomize.toolkit.fluxcd.io_Kustomization',
      'flux-system_root_kustomize.toolkit.fluxcd.io_Kustomization',
    ),
  });
  // apps lists root again: the cycle must be shown once, not followed.
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'apps',
    spec: ksSpec,
    status: inventory(
      'apps_web_apps_Deployment',
      'apps_podinfo_helm.toolkit.fluxcd.io_HelmRelease',
      'flux-system_root_kustomize.toolkit.fluxcd.io_Kustomization',
      'apps_web__Service',
    ),
  });
  const now = new Date().toISOString();
  await createFlux(fx.client, {
    kind: 'HelmRelease',
    namespace: 'apps',
    name: 'podinfo',
    spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
    status: {
      conditions: [readyCondition('True', 'Helm upgrade succeeded')],
      history: [
        {
          digest: 'sha256:1',
          name: 'podinfo',
          namespace: 'apps',
          version: 2,
          status: 'deployed',
          chartName: 'podinfo',
          chartVersion: '6.5.4',
          configDigest: 'sha256:2',
          firstDeployed: now,
          lastDeployed: now,
        },
      ],
    },
  });
  const release = {
    name: 'podinfo',
    namespace: 'apps',
    version: 2,
    manifest,
    info: { status: 'deployed', first_deployed: now, last_deployed: now, deleted: '', description: 'Upgrade complete' },
    chart: { metadata: { name: 'podinfo', version: '6.5.4' }, templates: [], values: null, files: [] },
  } as unknown as Release;
  await fx.client.create(secretType, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      namespace: 'apps',
      name: 'sh.helm.release.v1.podinfo.v2',
      labels: { owner: 'helm', name: 'podinfo', status: 'deployed', version: '2' },
    },
    data: { release: Buffer.from(encodeRelease(release)).toString('base64') },
  });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

function tree(kind: typeof ks, name: string, flags: Partial<TreeFlags> = {}) {
  const all: TreeFlags = { namespace: 'flux-system', output: 'tree', kubeconfig: fx.cluster.kubeconfigPath, ...flags };
  return runCaptured(fx.work, (io) => runTree({ kind, name }, all, io));
}

describe('driftless tree', () => {
  it('nests what child Kustomizations and HelmReleases manage, and stops at cycles', async () => {
    const result = await tree(ks, 'root');
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout).toBe(
      [
        'Kustomization/flux-system/root',
        '├── Namespace/apps',
        '└── Kustomization/flux-system/apps',
        '    ├── Deployment/apps/web',
        '    ├── HelmRelease/apps/podinfo',
        '    │   ├── ConfigMap/apps/podinfo',
        '    │   ├── ClusterRole/podinfo-reader',
        '    │   └── Deployment/apps/podinfo',
        '    ├── Kustomization/flux-system/root',
        '    └── Service/apps/web',
        '',
      ].join('\n'),
    );
  });

  it('reads a HelmRelease its objects from the stored release', async () => {
    const result = await tree(hr, 'podinfo', { namespace: 'apps' });
    expect(result.stdout.split('\n')).toEqual([
      'HelmRelease/apps/podinfo',
      '├── ConfigMap/apps/podinfo',
      '├── ClusterRole/podinfo-reader',
      '└── Deployment/apps/podinfo',
      '',
    ]);
  });

  it('prints the nested structure as json and yaml, and only Flux objects with --compact', async () => {
    const json = JSON.parse((await tree(ks, 'root', { output: 'json' })).stdout);
    expect(json.resource).toEqual({
      namespace: 'flux-system',
      name: 'root',
      group: 'kustomize.toolkit.fluxcd.io',
      kind: 'Kustomization',
    });
    const apps = json.resources[1];
    expect(apps.resource.name).toBe('apps');
    expect(apps.resources[1].resources.map((node: { resource: { kind: string } }) => node.resource.kind)).toEqual([
      'ConfigMap',
      'ClusterRole',
      'Deployment',
    ]);
    expect(apps.resources[2].resources).toBeUndefined();
    const compact = parse((await tree(ks, 'root', { output: 'yaml', compact: true })).stdout);
    expect(compact.resources).toHaveLength(1);
    expect(compact.resources[0].resources.map((node: { resource: { name: string } }) => node.resource.name)).toEqual([
      'podinfo',
      'root',
    ]);
  });

  it('exits 3 when the root does not exist and 4 when the cluster cannot be reached', async () => {
    const missing = await tree(ks, 'nope');
    expect(missing.code).toBe(ExitCode.notFound);
    expect(missing.stderr).toBe(`driftless tree: Kustomization object 'nope' not found in "flux-system" namespace\n`);
    const closed = await tree(ks, 'root', { kubeconfig: fx.closedKubeconfig });
    expect(closed.code).toBe(ExitCode.unreachable);
    expect(closed.stderr).toContain(fx.closedAddress);
  });
});
