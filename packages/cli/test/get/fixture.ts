import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { lookupKind } from '@driftless/api';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, type KubeObject, loadKubeConfig, PatchType, type ResourceType } from '@driftless/runtime';
import { freePort } from '@driftless/testkit';
import { stringify } from 'yaml';
import { installCrds } from '../../src/commands/dev/bootstrap.js';
import type { CliIo } from '../../src/context/cli-io.js';
import { namespaceType } from '../../src/context/resource-types.js';

export interface Fixture {
  cluster: DevCluster;
  client: KubeClient;
  /** A directory without a .driftless state dir, used as the CLI's cwd. */
  work: string;
  /** A kubeconfig whose server is a closed port. */
  closedKubeconfig: string;
  closedAddress: string;
  stop(): Promise<void>;
}

export const secretType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
};

/** A dev cluster serving every Flux CRD (no controllers: the tests write status as they would). */
export async function startFixture(): Promise<Fixture> {
  const work = await mkdtemp(join(tmpdir(), 'cli-get-'));
  const cluster = await startDevCluster({ port: 0, host: '127.0.0.1', workloadDelayMs: 0 });
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  await installCrds(client);
  const closedAddress = `127.0.0.1:${await freePort()}`;
  const closedKubeconfig = join(work, 'closed-kubeconfig');
  await writeFile(closedKubeconfig, closedConfig(closedAddress));
  return {
    cluster,
    client,
    work,
    closedKubeconfig,
    closedAddress,
    async stop() {
      await cluster.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

function closedConfig(address: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'closed', cluster: { server: `http://${address}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'closed', user: {} }],
    contexts: [{ name: 'closed', context: { cluster: 'closed', user: 'closed' } }],
    'current-context': 'closed',
  });
}

export function typeOf(kind: string): ResourceType {
  const info = lookupKind(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  const { group, storageVersion: version, plural, namespaced } = info;
  return { group, version, kind, plural, namespaced };
}

export async function createNamespace(client: KubeClient, name: string): Promise<void> {
  await client.create(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export interface FluxSeed {
  kind: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Creates a Flux object and writes its status subresource as its controller would. */
export async function createFlux(client: KubeClient, seed: FluxSeed): Promise<KubeObject> {
  const type = typeOf(seed.kind);
  const created = await client.create(type, {
    apiVersion: lookupKind(seed.kind)?.apiVersion,
    kind: seed.kind,
    metadata: { ...seed.metadata, namespace: seed.namespace, name: seed.name },
    spec: seed.spec,
  });
  if (!seed.status) return created;
  const target = { namespace: seed.namespace, name: seed.name };
  return client.patch(type, target, { status: seed.status }, { patchType: PatchType.Merge, subresource: 'status' });
}

export function readyCondition(status: 'True' | 'False' | 'Unknown', message: string) {
  const reason = status === 'True' ? 'Succeeded' : status === 'False' ? 'Failed' : 'Progressing';
  return { type: 'Ready', status, reason, message, lastTransitionTime: new Date().toISOString() };
}

export interface Captured {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

/** A CliIo whose streams are collected; `tty` makes stdout claim to be a terminal. */
export function capture(cwd: string, options: { tty?: boolean } = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
  return { io: { stdout, stderr, env: {}, cwd }, stdout: () => out.join(''), stderr: () => err.join('') };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with captured output and waits until the streams have delivered it. */
export async function runCaptured(
  cwd: string,
  command: (io: CliIo) => Promise<number>,
  options: { tty?: boolean } = {},
): Promise<RunResult> {
  const captured = capture(cwd, options);
  const code = await command(captured.io);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}
