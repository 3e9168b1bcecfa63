import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseComponents } from '../../src/commands/install/components.js';
import { type InstallFlags, runInstall } from '../../src/commands/install/install-command.js';
import { runUninstall } from '../../src/commands/install/uninstall-command.js';
import { captureIo } from '../build/capture-io.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../../..');
const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: any;
}

let work: string;
let env: NodeJS.ProcessEnv;
let cluster: DevCluster;

const installFlags = (extra: Partial<InstallFlags>): InstallFlags => ({
  components: parseComponents('source,kustomize,helm,image-automation,notification'),
  namespace: 'flux-system',
  set: [],
  values: [],
  kubeconfig: cluster.kubeconfigPath,
  ...extra,
});

async function kubectlNames(args: string[]): Promise<string[]> {
  const { stdout } = await run(kubectlBinary, ['--kubeconfig', cluster.kubeconfigPath, 'get', ...args, '-o', 'json']);
  return (JSON.parse(stdout) as { items: Manifest[] }).items.map((item) => item.metadata.name).sort();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-install-'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    HELM_CONFIG_HOME: join(work, 'config'),
    HELM_CACHE_HOME: join(work, 'cache'),
    HELM_DATA_HOME: join(work, 'data'),
  };
  cluster = await startDevCluster({ port: 0, host: '127.0.0.1', workloadDelayMs: 0 });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('driftless install --export', () => {
  it('renders only the chosen components, with the NATS URL and the values given', async () => {
    const { io, stdout, stderr } = captureIo(work, env);
    const code = await runInstall(
      installFlags({
        components: parseComponents('source,helm-controller'),
        export: true,
        natsUrl: 'nats://nats.nats:4222',
        set: ['helm-controller.replicas=2'],
      }),
      io,
    );
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    const docs = parseAllDocuments(stdout())
      .map((doc) => doc.toJS() as Manifest | null)
      .filter((doc): doc is Manifest => doc !== null);
    const deployments = docs.filter((doc) => doc.kind === 'Deployment');
    expect(deployments.map((doc) => doc.metadata.name).sort()).toEqual([
      'driftless-helm-controller',
      'driftless-source-controller',
    ]);
    for (const deployment of deployments) {
      expect(deployment.metadata.namespace).toBe('flux-system');
      expect(deployment.spec.template.spec.containers[0].env).toContainEqual({
        name: 'NATS_URL',
        value: 'nats://nats.nats:4222',
      });
    }
    expect(deployments.find((doc) => doc.metadata.name === 'driftless-helm-controller')!.spec.replicas).toBe(2);
    const crds = docs.filter((doc) => doc.kind === 'CustomResourceDefinition').map((doc) => doc.metadata.name);
    expect(crds.sort()).toEqual([
      'gitrepositories.source.toolkit.fluxcd.io',
      'helmcharts.source.toolkit.fluxcd.io',
      'helmreleases.helm.toolkit.fluxcd.io',
      'helmrepositories.source.toolkit.fluxcd.io',
      'ocirepositories.source.toolkit.fluxcd.io',
    ]);
  });

  it('rejects an unknown component', () => {
    expect(() => parseComponents('source,image-reflector')).toThrow('unknown component "image-reflector"');
  });
});

describe('driftless install and uninstall against the dev cluster', () => {
  it('installs the Deployments of the chosen components', async () => {
    const { io, stdout, stderr } = captureIo(work, env);
    const code = await runInstall(installFlags({ components: parseComponents('kustomize,notification') }), io);
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    expect(stdout()).toContain('install finished');
    expect(await kubectlNames(['deployments', '-n', 'flux-system'])).toEqual([
      'driftless-kustomize-controller',
      'driftless-notification-controller',
    ]);
    expect(await kubectlNames(['crds'])).toEqual([
      'alerts.notification.toolkit.fluxcd.io',
      'kustomizations.kustomize.toolkit.fluxcd.io',
      'providers.notification.toolkit.fluxcd.io',
      'receivers.notification.toolkit.fluxcd.io',
    ]);
  });

  it('refuses to delete the CRDs without --yes when stdin is not a terminal', async () => {
    const { io, stderr } = captureIo(work, env);
    const code = await runUninstall(
      { namespace: 'flux-system', kubeconfig: cluster.kubeconfigPath },
      io,
      new PassThrough(),
    );
    expect(code).toBe(2);
    expect(stderr()).toContain('pass --yes to confirm');
    expect(await kubectlNames(['deployments', '-n', 'flux-system'])).toHaveLength(2);
  });

  it('uninstalls the release and the CRDs with --yes', async () => {
    const { io, stdout, stderr } = captureIo(work, env);
    const flags = { namespace: 'flux-system', kubeconfig: cluster.kubeconfigPath, yes: true };
    const code = await runUninstall(flags, io, new PassThrough());
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    expect(stdout()).toContain('deleted 4 CRDs');
    expect(await kubectlNames(['deployments', '-n', 'flux-system'])).toEqual([]);
    expect(await kubectlNames(['crds'])).toEqual([]);
  });
});
