import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { inventoryFromObjects, parseManifests, ResourceManager, type Unstructured } from '@driftless/apply';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig, PatchType } from '@driftless/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuildKustomization } from '../../src/commands/build/build-command.js';
import { runDiffKustomization } from '../../src/commands/build/diff-command.js';
import { kustomizationType } from '../../src/commands/build/load-kustomization.js';
import { captureIo } from './capture-io.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../../..');
const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

let work: string;
let repo: string;
let cluster: DevCluster;
let manager: ResourceManager;

const kubectl = (...args: string[]) => run(kubectlBinary, ['--kubeconfig', cluster.kubeconfigPath, ...args]);
const flags = (extra: Record<string, unknown> = {}) => ({
  namespace: 'flux-system',
  path: 'apps/prod',
  timeout: 30_000,
  kubeconfig: cluster.kubeconfigPath,
  ...extra,
});

async function diff(extra: Record<string, unknown> = {}) {
  const captured = captureIo(repo);
  const code = await runDiffKustomization('apps', flags(extra), captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Applies what the build gives, as the controller would, and records it (and one more object) as its inventory. */
async function reconcileOnce(): Promise<void> {
  const captured = captureIo(repo);
  expect(await runBuildKustomization('apps', flags(), captured.io)).toBe(0);
  const objects = parseManifests(captured.stdout());
  const stale: Unstructured = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'old-config', namespace: 'prod' },
    data: { left: 'over' },
  };
  await manager.applyAll([...objects, stale]);
  const inventory = inventoryFromObjects([...objects, stale]);
  await manager.client.patch(
    kustomizationType,
    { namespace: 'flux-system', name: 'apps' },
    { status: { inventory } },
    { patchType: PatchType.Merge, subresource: 'status' },
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-diff-'));
  repo = join(work, 'repo');
  await cp(join(import.meta.dirname, 'fixtures'), work, { recursive: true });
  cluster = await startDevCluster({ port: 0, host: '127.0.0.1' });
  await kubectl('apply', '-f', join(repoRoot, 'packages/api/crds/kustomize.toolkit.fluxcd.io_kustomizations.yaml'));
  await kubectl('wait', '--for', 'condition=Established', 'crd/kustomizations.kustomize.toolkit.fluxcd.io');
  await kubectl('create', 'namespace', 'flux-system');
  await kubectl('create', 'namespace', 'prod');
  await kubectl('apply', '-f', join(work, 'apps-ks.yaml'));
  await kubectl('-n', 'flux-system', 'create', 'configmap', 'cluster-vars', '--from-literal=CLUSTER_NAME=prod-eu');
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), {
    fieldManager: 'kustomize-controller',
  });
  manager = new ResourceManager({ client });
  await reconcileOnce();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('driftless diff kustomization', () => {
  it('exits 0 and prints nothing when the cluster holds what the directory builds', async () => {
    await kubectl('-n', 'prod', 'delete', 'configmap', 'old-config');
    const result = await diff();
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('shows a drifted, a new and a pruned object, with Secret values masked, and exits 1', async () => {
    await reconcileOnce();
    await kubectl('-n', 'prod', 'patch', 'configmap', 'app-config', '-p', '{"data":{"greeting":"hi"}}');
    await kubectl('-n', 'prod', 'patch', 'secret', 'creds', '-p', '{"data":{"password":"c2VjcmV0LXR3bw=="}}');
    await kubectl('-n', 'prod', 'delete', 'service', 'web');

    const { code, stdout, stderr } = await diff();
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const headings = stdout.split('\n').filter((line) => line.startsWith('►'));
    expect(headings.sort()).toEqual([
      '► ConfigMap/prod/app-config drifted',
      '► ConfigMap/prod/old-config deleted',
      '► Secret/prod/creds drifted',
      '► Service/prod/web created',
    ]);
    expect(stdout).toContain('--- live/ConfigMap/prod/app-config\n+++ merged/ConfigMap/prod/app-config\n');
    expect(stdout).toMatch(/^- {2}greeting: hi$/m);
    expect(stdout).toMatch(/^\+ {2}greeting: hello$/m);
    expect(stdout).toMatch(/^- {2}password: "\*\*\* \(before\)"$/m);
    expect(stdout).toMatch(/^\+ {2}password: "\*\*\* \(after\)"$/m);
    expect(stdout).not.toContain('c2VjcmV0');
  });

  it('leaves out pruned objects with --no-prune', async () => {
    const { code, stdout } = await diff({ prune: false });
    expect(code).toBe(1);
    expect(stdout).not.toContain('deleted');
    expect(stdout).toContain('► Service/prod/web created');
  });

  it('exits 3 when the Kustomization does not exist and no file is given', async () => {
    const captured = captureIo(repo);
    const code = await runDiffKustomization('missing', flags(), captured.io);
    expect(code).toBe(3);
    expect(captured.stderr()).toMatch(/^driftless diff kustomization: Kustomization\/flux-system\/missing get failed/);
  });
});
