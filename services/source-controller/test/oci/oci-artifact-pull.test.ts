import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildArchive } from '@driftless/artifact';
import {
  createRegistryClient,
  OciDigestMismatchError,
  OciLayerError,
  OciReferenceError,
  OciRequestError,
  OciTooLargeError,
  type RegistryClient,
} from '@driftless/oci';
import { type DockerRegistry, freePort, pushOciArtifact, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FluxArtifactMediaType,
  LayerOperation,
  OciAnnotation,
  pullOciArtifact,
  resolveOciRef,
} from '../../src/oci/oci-artifact.js';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const repository = 'manifests/podinfo';
const extraMediaType = 'application/vnd.example.extra.v1.tar+gzip';

/** A one-entry tar.gz whose entry name is `name` (for unsafe names the archive builders refuse to write). */
function tarGzWithEntry(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return gzipSync(Buffer.concat([header, body, Buffer.alloc(1024)]));
}

describe('OCIRepository pulls from a real registry', () => {
  let registry: DockerRegistry;
  let work: string;
  let client: RegistryClient;
  let content: Buffer;
  const digests: Record<string, string> = {};

  const push = (tag: string, layers: { mediaType: string; data: Buffer }[], annotations = {}) =>
    pushOciArtifact(registry, {
      repository,
      tag,
      config: { mediaType: FluxArtifactMediaType.Config, data: Buffer.from('{}') },
      layers,
      annotations,
    });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    work = await mkdtemp(join(tmpdir(), 'oci-pull-test-'));
    const source = join(work, 'source');
    await mkdir(join(source, 'deploy'), { recursive: true });
    await writeFile(join(source, 'deploy', 'app.yaml'), 'kind: ConfigMap\n');
    await writeFile(join(source, 'README.txt'), 'hello\n');
    content = await readFile((await buildArchive(source, join(work, 'content.tar.gz'))).path);
    const annotations = {
      [OciAnnotation.Source]: 'https://github.com/example/podinfo',
      [OciAnnotation.Revision]: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
      [OciAnnotation.Created]: '2025-01-01T00:00:00Z',
    };
    const extra = tarGzWithEntry('extra.txt', 'second layer\n');
    for (const tag of ['1.0.0', 'v1.2.0', '1.3.0-rc.1', '2.0.0', 'latest']) {
      digests[tag] = await push(
        tag,
        [
          { mediaType: FluxArtifactMediaType.Content, data: content },
          { mediaType: extraMediaType, data: extra },
        ],
        { ...annotations, 'example.com/tag': tag },
      );
    }
    digests.unsafe = await push('unsafe', [
      { mediaType: FluxArtifactMediaType.Content, data: tarGzWithEntry('../escape.txt', 'x') },
    ]);
    digests.empty = await push('empty', []);
    client = createRegistryClient(registry.host, { insecure: true });
  });

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('pulls a tag and extracts the first layer, with a <tag>@sha256 revision and the manifest annotations', async () => {
    const resolved = await resolveOciRef(client, repository, { tag: '1.0.0' });
    expect(resolved).toEqual({ revision: `1.0.0@${digests['1.0.0']}`, digest: digests['1.0.0'], tag: '1.0.0' });
    const dest = join(work, 'by-tag');
    const pulled = await pullOciArtifact(client, repository, resolved, { destination: dest });
    expect(pulled.operation).toBe('extract');
    expect(pulled.layer.digest).toBe(sha256(content));
    expect(await readFile(join(dest, 'deploy', 'app.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    expect(await readFile(join(dest, 'README.txt'), 'utf8')).toBe('hello\n');
    expect(existsSync(join(dest, 'extra.txt'))).toBe(false);
    expect(pulled.metadata[OciAnnotation.Revision]).toBe('main@sha1:0123456789abcdef0123456789abcdef01234567');
    expect(pulled.metadata['example.com/tag']).toBe('1.0.0');
  });

  it('defaults to the latest tag', async () => {
    const resolved = await resolveOciRef(client, repository, undefined);
    expect(resolved.revision).toBe(`latest@${digests.latest}`);
    expect(await resolveOciRef(client, repository, {})).toEqual(resolved);
  });

  it.each([
    ['>=1.0.0 <2.0.0', undefined, 'v1.2.0'],
    ['>= 1.0.0, < 2.0.0', undefined, 'v1.2.0'],
    ['1.x', '^1\\.0', '1.0.0'],
    ['>=1.3.0-0 <2.0.0', undefined, '1.3.0-rc.1'],
    ['*', undefined, '2.0.0'],
  ])('semver %s (filter %s) picks the highest matching tag %s', async (semver, semverFilter, tag) => {
    const resolved = await resolveOciRef(client, repository, { semver, semverFilter, tag: 'latest' });
    expect(resolved).toEqual({ revision: `${tag}@${digests[tag]}`, digest: digests[tag], tag });
  });

  it('fails with ReadOperationFailed when no tag matches the semver range or the filter is invalid', async () => {
    const none = resolveOciRef(client, repository, { semver: '>=3.0.0' });
    await expect(none).rejects.toThrow(OciReferenceError);
    await expect(none).rejects.toMatchObject({ reason: 'ReadOperationFailed' });
    await expect(resolveOciRef(client, repository, { semver: '*', semverFilter: '(' })).rejects.toThrow(/semverFilter/);
  });

  it('pulls by digest; the digest wins over semver and tag and is the revision', async () => {
    const digest = digests['2.0.0'];
    const resolved = await resolveOciRef(client, repository, { digest, semver: '1.x', tag: '1.0.0' });
    expect(resolved).toEqual({ revision: digest, digest });
    const pulled = await pullOciArtifact(client, repository, resolved, { destination: join(work, 'by-digest') });
    expect(pulled.metadata['example.com/tag']).toBe('2.0.0');
  });

  it('layerSelector picks a layer by media type; copy keeps the tar.gz byte for byte', async () => {
    const resolved = await resolveOciRef(client, repository, { tag: '1.0.0' });
    const file = join(work, 'copy', 'layer.tgz');
    const copied = await pullOciArtifact(client, repository, resolved, {
      destination: file,
      layerSelector: { mediaType: FluxArtifactMediaType.Content, operation: LayerOperation.Copy },
    });
    expect(copied.path).toBe(file);
    expect(sha256(await readFile(file))).toBe(sha256(content));

    const dir = join(work, 'extra');
    await pullOciArtifact(client, repository, resolved, {
      destination: dir,
      layerSelector: { mediaType: extraMediaType },
    });
    expect(await readFile(join(dir, 'extra.txt'), 'utf8')).toBe('second layer\n');
  });

  it('fails with OCIArtifactLayerOperationFailed for a missing media type, no layers, or an unsafe layer', async () => {
    const resolved = await resolveOciRef(client, repository, { tag: '1.0.0' });
    const missing = pullOciArtifact(client, repository, resolved, {
      destination: join(work, 'missing'),
      layerSelector: { mediaType: 'application/x-none' },
    });
    await expect(missing).rejects.toThrow("failed to find layer with media type 'application/x-none' in artifact");
    await expect(missing).rejects.toMatchObject({ reason: 'OCIArtifactLayerOperationFailed' });

    const empty = await resolveOciRef(client, repository, { tag: 'empty' });
    await expect(pullOciArtifact(client, repository, empty, { destination: join(work, 'e') })).rejects.toThrow(
      'no layers found in artifact',
    );

    const unsafe = await resolveOciRef(client, repository, { tag: 'unsafe' });
    const dest = join(work, 'unsafe', 'out');
    const pulling = pullOciArtifact(client, repository, unsafe, { destination: dest });
    await expect(pulling).rejects.toThrow(OciLayerError);
    await expect(pulling).rejects.toThrow(/escape\.txt/);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(join(work, 'unsafe', 'escape.txt'))).toBe(false);
  });

  it('fails with OCIArtifactPullFailed (404, MANIFEST_UNKNOWN) for an unknown tag', async () => {
    const pulling = resolveOciRef(client, repository, { tag: 'v9.9.9' });
    await expect(pulling).rejects.toThrow(OciRequestError);
    await expect(pulling).rejects.toMatchObject({ reason: 'OCIArtifactPullFailed', status: 404 });
    const manifest = client.fetchManifest(repository, 'v9.9.9');
    await expect(manifest).rejects.toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' });
  });

  it('refuses a layer larger than maxBytes before downloading it', async () => {
    const resolved = await resolveOciRef(client, repository, { tag: '1.0.0' });
    const dest = join(work, 'too-large.tgz');
    const pulling = pullOciArtifact(client, repository, resolved, {
      destination: dest,
      maxBytes: content.length - 1,
      layerSelector: { operation: LayerOperation.Copy },
    });
    await expect(pulling).rejects.toThrow(OciTooLargeError);
    await expect(pulling).rejects.toMatchObject({ reason: 'OCIArtifactPullFailed', limit: content.length - 1 });
    expect(existsSync(dest)).toBe(false);
  });

  it('detects a blob the registry serves with other content than its digest (tampered storage)', async () => {
    const layer = tarGzWithEntry('tamper.txt', 'original');
    const tag = await push('tamper', [{ mediaType: FluxArtifactMediaType.Content, data: layer }]);
    const hex = sha256(layer).slice('sha256:'.length);
    const stored = join(registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const tampered = tarGzWithEntry('tamper.txt', 'evil!!!!');
    expect(tampered.length).toBe(layer.length);
    await writeFile(stored, tampered);

    const resolved = await resolveOciRef(client, repository, { tag: 'tamper' });
    expect(resolved.digest).toBe(tag);
    const dest = join(work, 'tampered');
    const pulling = pullOciArtifact(client, repository, resolved, { destination: dest });
    await expect(pulling).rejects.toThrow(OciDigestMismatchError);
    await expect(pulling).rejects.toMatchObject({ expected: sha256(layer), actual: sha256(tampered) });
    expect(existsSync(dest)).toBe(false);
  });

  it('detects a manifest that is not the digest it was asked for (tampered manifest)', async () => {
    const other = tarGzWithEntry('m.txt', 'manifest tamper');
    const digest = await push('manifest-tamper', [{ mediaType: FluxArtifactMediaType.Content, data: other }]);
    const hex = digest.slice('sha256:'.length);
    const stored = join(registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const original = await readFile(stored, 'utf8');
    await writeFile(stored, original.replace('"schemaVersion":2', '"schemaVersion": 2'));
    const pulling = pullOciArtifact(client, repository, { revision: digest, digest }, { destination: join(work, 'm') });
    await expect(pulling).rejects.toThrow(OciDigestMismatchError);
  });

  it('fails with OCIArtifactPullFailed when the registry is unreachable or the request is aborted', async () => {
    const port = await freePort();
    const unreachable = createRegistryClient(`127.0.0.1:${port}`, { insecure: true });
    const pulling = resolveOciRef(unreachable, repository, { tag: 'latest' });
    await expect(pulling).rejects.toThrow(OciRequestError);
    await expect(pulling).rejects.toThrow(/ECONNREFUSED/);

    const aborted = createRegistryClient(registry.host, { insecure: true, signal: AbortSignal.abort() });
    await expect(aborted.listTags(repository)).rejects.toThrow(/request aborted/);
  });

  it('speaks HTTPS unless insecure is set (a plain-HTTP registry then fails)', async () => {
    const secure = createRegistryClient(registry.host, { insecure: false });
    await expect(secure.listTags(repository)).rejects.toThrow(OciRequestError);
  });
});
