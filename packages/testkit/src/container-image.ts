import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type DockerRegistry, pushOciArtifact } from './docker-registry.js';

export interface PushImageOptions {
  /** Text of the image's only file; defaults to `<repository>:<tag>` so every tag gets its own digest. */
  content: string;
  /** Path of that file in the layer. */
  fileName: string;
  architecture: string;
  os: string;
  /** Basic-auth credentials for the push; the registry's own by default. */
  credentials: { username: string; password: string } | undefined;
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A one-file ustar archive (two zero blocks at the end). */
function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(content.length, 12), 124);
  header.write(octal(0, 12), 136);
  header.write(' '.repeat(8), 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

/**
 * Pushes a minimal valid OCI image (an image config with architecture, os and rootfs, and one tar+gzip layer)
 * as `repository:tag`; returns its manifest digest `sha256:…`.
 */
export async function pushImageTag(
  registry: DockerRegistry,
  repository: string,
  tag: string,
  options: Partial<PushImageOptions> = {},
): Promise<string> {
  const opts = {
    content: `${repository}:${tag}\n`,
    fileName: 'image.txt',
    architecture: 'amd64',
    os: 'linux',
    ...options,
  };
  const tar = tarWithOneFile(opts.fileName, Buffer.from(opts.content, 'utf8'));
  const config = {
    architecture: opts.architecture,
    os: opts.os,
    config: {},
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
  };
  return pushOciArtifact(registry, {
    repository,
    tag,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', data: Buffer.from(JSON.stringify(config)) },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', data: gzipSync(tar) }],
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
}

/** Pushes `repository:<tag>` for every tag, one after the other; returns the digest of each tag. */
export async function pushImageTags(
  registry: DockerRegistry,
  repository: string,
  tags: readonly string[],
  options: Partial<PushImageOptions> = {},
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const tag of tags) digests[tag] = await pushImageTag(registry, repository, tag, options);
  return digests;
}
