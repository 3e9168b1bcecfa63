import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runBuildKustomization } from '../../src/commands/build/build-command.js';
import { captureIo } from './capture-io.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../../..');
const kubectl = join(repoRoot, '.tools/bin/kubectl');
const fixtures = join(import.meta.dirname, 'fixtures');

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: any;
}

let work: string;
let repo: string;
let cluster: DevCluster;

const flags = (extra: Record<string, unknown> = {}) => ({
  namespace: 'flux-system',
  path: 'apps/prod',
  timeout: 30_000,
  kubeconfig: cluster.kubeconfigPath,
  ...extra,
});

async function build(extra: Record<string, unknown> = {}, cwd = repo) {
  const captured = captureIo(cwd);
  const code = await runBuildKustomization((extra.name as string) ?? 'apps', flags(extra), captured.io);
  const objects = parseAllDocuments(captured.stdout()).map((doc) => doc.toJS() as Manifest);
  return { code, objects, stderr: captured.stderr() };
}

const find = (objects: Manifest[], kind: string) => objects.find((object) => object.kind === kind)!;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-build-'));
  repo = join(work, 'repo');
  await cp(fixtures, work, { recursive: true });
  cluster = await startDevCluster({ port: 0, host: '127.0.0.1' });
  const kc = ['--kubeconfig', cluster.kubeconfigPath];
  await run(kubectl, [
    ...kc,
    'apply',
    '-f',
    join(repoRoot, 'packages/api/crds/kustomize.toolkit.fluxcd.io_kustomizations.yaml'),
  ]);
  await run(kubectl, [
    ...kc,
    'wait',
    '--for',
    'condition=Established',
    'crd/kustomizations.kustomize.toolkit.fluxcd.io',
  ]);
  await run(kubectl, [...kc, 'create', 'namespace', 'flux-system']);
  await run(kubectl, [...kc, 'apply', '-f', join(work, 'apps-ks.yaml')]);
  await run(kubectl, [
    ...kc,
    '-n',
    'flux-system',
    'create',
    'configmap',
    'cluster-vars',
    '--from-literal=CLUSTER_NAME=prod-eu',
  ]);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('driftless build kustomization', () => {
  it('builds the directory as the controller builds the Kustomization found in the cluster', async () => {
    const { code, objects, stderr } = await build();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(
      objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`).sort(),
    ).toEqual(['ConfigMap/prod/app-config', 'Deployment/prod/web', 'Secret/prod/creds', 'Service/prod/web']);
    const deployment = find(objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(deployment.metadata.labels).toEqual({
      team: 'web',
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    expect(find(objects, 'ConfigMap').data).toEqual({ version: '1.2.3', cluster: 'prod-eu', greeting: 'hello' });
  });

  it('builds offline from a kustomization file, without a reachable cluster', async () => {
    const { code, objects, stderr } = await build({
      name: 'offline',
      kustomizationFile: '../apps-ks.yaml',
      kubeconfig: join(work, 'missing-kubeconfig'),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(find(objects, 'ConfigMap')).toMatchObject({
      metadata: { namespace: 'staging' },
      data: { version: '0.9.0', cluster: 'unknown', greeting: 'howdy' },
    });
    expect(find(objects, 'Deployment').spec.template.spec.containers[0].image).toBe('nginx:1.25');
  });

  it('skips substituteFrom with a warning in dry-run mode', async () => {
    const { code, objects, stderr } = await build({
      kustomizationFile: join(work, 'apps-ks.yaml'),
      dryRun: true,
      kubeconfig: join(work, 'missing-kubeconfig'),
    });
    expect(code).toBe(0);
    expect(stderr).toContain('skipping ConfigMap/flux-system/cluster-vars in dry-run mode');
    expect(find(objects, 'ConfigMap').data.cluster).toBe('unknown');
  });

  it('refuses a dry run without a kustomization file', async () => {
    const { code, stderr } = await build({ dryRun: true });
    expect(code).toBe(2);
    expect(stderr).toBe('driftless build kustomization: dry-run mode requires a kustomization file\n');
  });

  it('refuses a reference that leaves the source root', async () => {
    const { code, objects, stderr } = await build({ path: 'apps' }, join(repo, 'escape'));
    expect(code).toBe(1);
    expect(objects).toEqual([]);
    expect(stderr).toMatch(
      /^driftless build kustomization: .*"\.\.\/\.\.\/apps\/base\/configmap\.yaml" is outside the artifact\n$/,
    );
  });

  it('fails on invalid YAML, naming the file', async () => {
    const { code, stderr } = await build({ path: 'broken' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^driftless build kustomization: failed to decode Kubernetes YAML from broken\/app\.yaml/);
  });

  it('reports a missing Kustomization and an unreachable cluster', async () => {
    const missing = await build({ name: 'nope' });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Kustomization/flux-system/nope');
    const unreachable = captureIo(repo);
    const kubeconfig = join(work, 'dead-kubeconfig');
    await writeFile(kubeconfig, cluster.kubeconfig.replaceAll(`127.0.0.1:${cluster.port}`, '127.0.0.1:1'));
    const code = await runBuildKustomization('apps', flags({ kubeconfig }), unreachable.io);
    expect(unreachable.stderr()).toContain('cannot reach the cluster at http://127.0.0.1:1');
    expect(code).toBe(4);
  });
});
