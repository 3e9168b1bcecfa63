import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArchive } from '@driftless/artifact';
import { type DockerRegistry, pushOciArtifact, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ociRepositoryType } from '../../src/reconcilers/source-types.js';
import { downloadArtifact } from './artifact-contents.js';
import {
  condition,
  failedWith,
  ready,
  type SourceHarness,
  type SourceTestObject,
  secretType,
  startSourceHarness,
  waitFor,
} from './harness.js';

type OciObject = SourceTestObject;

const fluxConfig = 'application/vnd.cncf.flux.config.v1+json';
const fluxContent = 'application/vnd.cncf.flux.content.v1.tar+gzip';

let harness: SourceHarness;
let open: DockerRegistry;
let locked: DockerRegistry;
let work: string;
const digests: Record<string, string> = {};

async function layerOf(files: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(work, 'layer-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await buildArchive(dir, `${dir}.tar.gz`);
  return readFile(`${dir}.tar.gz`);
}

async function push(registry: DockerRegistry, tag: string, files: Record<string, string>) {
  const credentials = registry.auth;
  return pushOciArtifact(registry, {
    repository: 'manifests/app',
    tag,
    config: { mediaType: fluxConfig, data: Buffer.from('{}') },
    layers: [{ mediaType: fluxContent, data: await layerOf(files) }],
    annotations: { 'org.opencontainers.image.revision': `${tag}@sha1:0000000000000000000000000000000000000000` },
    ...(credentials ? { credentials } : {}),
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'oci-it-'));
  [harness, open, locked] = await Promise.all([
    startSourceHarness(),
    startDockerRegistry(),
    startDockerRegistry({ auth: { username: 'puller', password: 'p4ss' } }),
  ]);
  digests['1.0.0'] = await push(open, '1.0.0', { 'deploy/app.yaml': 'v: 1\n' });
  digests['1.1.0'] = await push(open, '1.1.0', { 'deploy/app.yaml': 'v: 1.1\n', 'logo.png': 'x' });
  digests['2.0.0'] = await push(open, '2.0.0', { 'deploy/app.yaml': 'v: 2\n' });
  await push(locked, 'latest', { 'private.yaml': 'p: 1\n' });
}, 120_000);

afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop()]);
  await harness?.stop();
  await rm(work, { recursive: true, force: true });
});

async function createOci(namespace: string, name: string, spec: Record<string, unknown>) {
  await harness.client.create(ociRepositoryType, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { namespace, name },
    spec: { interval: '10m', url: `oci://${open.host}/manifests/app`, insecure: true, ...spec },
  } as never);
}

describe('OCIRepository', () => {
  it('pulls the highest tag in a semver range and stores its layer as the artifact', async () => {
    const namespace = await harness.namespace();
    await createOci(namespace, 'app', { ref: { semver: '1.x' } });
    const oci = await waitFor<OciObject>(harness.client, ociRepositoryType, namespace, 'app', ready);
    expect(oci.status?.artifact?.revision).toBe(`1.1.0@${digests['1.1.0']}`);
    expect(oci.status?.artifact?.metadata?.['org.opencontainers.image.revision']).toMatch(/^1\.1\.0@sha1:/);
    const { files } = await downloadArtifact(oci.status!.artifact!);
    expect(files).toEqual({ 'deploy/app.yaml': 'v: 1.1\n' });
  });

  it('pulls by digest, with the bare digest as revision', async () => {
    const namespace = await harness.namespace();
    await createOci(namespace, 'app', { ref: { digest: digests['2.0.0'] } });
    const oci = await waitFor<OciObject>(harness.client, ociRepositoryType, namespace, 'app', ready);
    expect(oci.status?.artifact?.revision).toBe(digests['2.0.0']);
  });

  it('authenticates with a docker-registry secret, and fails without it', async () => {
    const namespace = await harness.namespace();
    const dockerConfig = {
      auths: { [locked.host]: { auth: Buffer.from('puller:p4ss').toString('base64') } },
    };
    await harness.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { namespace, name: 'pull' },
      stringData: { '.dockerconfigjson': JSON.stringify(dockerConfig) },
    } as never);
    const url = `oci://${locked.host}/manifests/app`;
    await createOci(namespace, 'with-secret', { url, secretRef: { name: 'pull' } });
    await createOci(namespace, 'without', { url });
    const good = await waitFor<OciObject>(harness.client, ociRepositoryType, namespace, 'with-secret', ready);
    expect(good.status?.artifact?.revision).toMatch(/^latest@sha256:/);
    const bad = await waitFor<OciObject>(
      harness.client,
      ociRepositoryType,
      namespace,
      'without',
      failedWith('AuthenticationFailed'),
    );
    expect(condition(bad, 'FetchFailed')?.status).toBe('True');
  });

  it('fails with a clear message on an unknown tag and on a malformed URL', async () => {
    const namespace = await harness.namespace();
    await createOci(namespace, 'missing', { ref: { tag: '9.9.9' } });
    await createOci(namespace, 'bad-url', { url: 'oci://UPPER CASE/x' });
    const missing = await waitFor<OciObject>(harness.client, ociRepositoryType, namespace, 'missing', (o) => {
      if (condition(o, 'Ready')?.status !== 'False') throw new Error('not failed yet');
    });
    expect(condition(missing, 'Ready')?.message).toContain('9.9.9');
    const badUrl = await waitFor<OciObject>(harness.client, ociRepositoryType, namespace, 'bad-url', (o) => {
      if (condition(o, 'Stalled')?.status !== 'True') throw new Error('not stalled yet');
    });
    expect(condition(badUrl, 'Ready')?.reason).toBe('URLInvalid');
  });
});
