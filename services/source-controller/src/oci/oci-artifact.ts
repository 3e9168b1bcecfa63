import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ExtractOptions, extractArchive } from '@driftless/artifact';
import type { OciDescriptor, OciImageManifest, RegistryClient } from '@driftless/oci';
import {
  highestMatching,
  isValidDigest,
  isValidTag,
  OciError,
  OciLayerError,
  OciManifestError,
  OciReferenceError,
  parseConstraint,
  parseFluxVersion,
  type VersionedTag,
} from '@driftless/oci';

/** The media types `flux push artifact` writes (fluxcd/pkg `oci/constants.go`). */
export const FluxArtifactMediaType = {
  Config: 'application/vnd.cncf.flux.config.v1+json',
  Content: 'application/vnd.cncf.flux.content.v1.tar+gzip',
} as const;
export type FluxArtifactMediaType = (typeof FluxArtifactMediaType)[keyof typeof FluxArtifactMediaType];

/** OpenContainers manifest annotations Flux sets and copies into `status.artifact.metadata`. */
export const OciAnnotation = {
  Source: 'org.opencontainers.image.source',
  Revision: 'org.opencontainers.image.revision',
  Created: 'org.opencontainers.image.created',
} as const;
export type OciAnnotation = (typeof OciAnnotation)[keyof typeof OciAnnotation];

/** `spec.layerSelector.operation`. */
export const LayerOperation = {
  Extract: 'extract',
  Copy: 'copy',
} as const;
export type LayerOperation = (typeof LayerOperation)[keyof typeof LayerOperation];

/** The tag Flux pulls when `spec.ref` names nothing. */
export const defaultOciTag = 'latest';

/** `spec.ref`: `digest` wins over `semver` (filtered by the `semverFilter` regex), which wins over `tag`. */
export interface OciRef {
  readonly tag?: string;
  readonly semver?: string;
  readonly semverFilter?: string;
  readonly digest?: string;
}

export interface ResolvedOciRef {
  /** Flux's revision: `<tag>@sha256:<hex>`, or `sha256:<hex>` when `spec.ref.digest` was used. */
  readonly revision: string;
  /** The manifest digest `sha256:<hex>`. */
  readonly digest: string;
  /** The tag that was resolved; undefined for a digest reference. */
  readonly tag?: string;
}

async function tagBySemver(client: RegistryClient, repository: string, ref: OciRef & { semver: string }) {
  const constraint = parseConstraint(ref.semver);
  if (constraint === undefined) throw new OciReferenceError(`semver '${ref.semver}' parse error`);
  let filter: RegExp | undefined;
  if (ref.semverFilter) {
    try {
      filter = new RegExp(ref.semverFilter);
    } catch (err) {
      throw new OciReferenceError(`semverFilter '${ref.semverFilter}' is not a valid regular expression`, {
        cause: err,
      });
    }
  }
  const candidates: VersionedTag[] = [];
  for (const tag of await client.listTags(repository)) {
    if (filter !== undefined && !filter.test(tag)) continue;
    const version = parseFluxVersion(tag);
    if (version !== undefined) candidates.push({ tag, version });
  }
  const best = highestMatching(candidates, constraint);
  if (best === undefined) throw new OciReferenceError(`no match found for semver: ${ref.semver}`);
  return best.tag;
}

/**
 * Resolves `spec.ref` to a manifest digest and Flux's revision string, as source-controller's OCIRepository
 * reconciler does: digest, else the highest tag matching the SemVer range, else the tag (default `latest`).
 */
export async function resolveOciRef(
  client: RegistryClient,
  repository: string,
  ref: OciRef | undefined,
): Promise<ResolvedOciRef> {
  if (ref?.digest) {
    if (!isValidDigest(ref.digest)) throw new OciReferenceError(`digest '${ref.digest}' is not sha256:<64 hex>`);
    await client.resolveDigest(repository, ref.digest);
    return { revision: ref.digest, digest: ref.digest };
  }
  const tag = ref?.semver
    ? await tagBySemver(client, repository, { ...ref, semver: ref.semver })
    : ref?.tag || defaultOciTag;
  if (!isValidTag(tag)) throw new OciReferenceError(`tag '${tag}' is not a valid OCI tag`);
  const digest = await client.resolveDigest(repository, tag);
  return { revision: `${tag}@${digest}`, digest, tag };
}

export interface LayerSelector {
  readonly mediaType?: string;
  readonly operation?: LayerOperation;
}

export interface PullOciArtifactOptions {
  readonly layerSelector: LayerSelector | undefined;
  /** Extract: the directory the layer is unpacked into (must not exist or be empty). Copy: the file it is saved as. */
  readonly destination: string;
  /** Largest layer (compressed) that is downloaded. */
  readonly maxBytes: number;
  /** Limits for unpacking (`extract`); defaults from @driftless/artifact. */
  readonly extract: Partial<ExtractOptions>;
}

export function defaultPullOciArtifactOptions(): Omit<PullOciArtifactOptions, 'destination'> {
  return { layerSelector: undefined, maxBytes: 100 * 1024 * 1024, extract: {} };
}

export interface PulledOciArtifact extends ResolvedOciRef {
  readonly operation: LayerOperation;
  /** The extracted directory or the copied `.tar.gz` file. */
  readonly path: string;
  readonly layer: OciDescriptor;
  /** The manifest annotations (Flux copies them into `status.artifact.metadata`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Flux's selectLayer: the first layer with the wanted media type, or the first layer when none is asked for. */
export function selectLayer(manifest: OciImageManifest, mediaType: string | undefined): OciDescriptor {
  if (manifest.layers.length === 0) throw new OciLayerError('no layers found in artifact');
  if (!mediaType) return manifest.layers[0];
  const layer = manifest.layers.find((l) => l.mediaType === mediaType);
  if (layer === undefined) throw new OciLayerError(`failed to find layer with media type '${mediaType}' in artifact`);
  return layer;
}

async function fetchImageManifest(client: RegistryClient, repository: string, digest: string) {
  const fetched = await client.fetchManifest(repository, digest);
  if (fetched.parsed.kind !== 'image') {
    throw new OciManifestError(`${repository}@${digest}`, 'is an image index, not an artifact manifest');
  }
  return fetched.parsed.manifest;
}

/**
 * Pulls the manifest `resolved.digest` (so the content matches the revision even if the tag moves meanwhile), selects
 * the layer and either unpacks it safely into `destination` (`extract`, the default) or saves it as is (`copy`).
 * Every blob is verified against its digest before it is used.
 */
export async function pullOciArtifact(
  client: RegistryClient,
  repository: string,
  resolved: ResolvedOciRef,
  options: Pick<PullOciArtifactOptions, 'destination'> & Partial<PullOciArtifactOptions>,
): Promise<PulledOciArtifact> {
  const opts = { ...defaultPullOciArtifactOptions(), ...options };
  const operation = opts.layerSelector?.operation ?? LayerOperation.Extract;
  if (operation !== LayerOperation.Extract && operation !== LayerOperation.Copy) {
    throw new OciLayerError(`unsupported layer operation: ${operation}`);
  }
  const manifest = await fetchImageManifest(client, repository, resolved.digest);
  const layer = selectLayer(manifest, opts.layerSelector?.mediaType);
  const base = { ...resolved, operation, layer, metadata: manifest.annotations ?? {} };
  if (operation === LayerOperation.Copy) {
    const blob = await client.fetchBlob(repository, layer, { destFile: opts.destination, maxBytes: opts.maxBytes });
    return { ...base, path: blob.path };
  }
  await mkdir(dirname(opts.destination), { recursive: true });
  const temp = await mkdtemp(join(dirname(opts.destination), '.oci-layer-'));
  try {
    const blob = await client.fetchBlob(repository, layer, {
      destFile: join(temp, 'layer.tar.gz'),
      maxBytes: opts.maxBytes,
    });
    try {
      const extracted = await extractArchive(blob.path, opts.destination, opts.extract);
      return { ...base, path: extracted.destination };
    } catch (err) {
      if (err instanceof OciError) throw err;
      throw new OciLayerError(`failed to extract layer contents from artifact: ${(err as Error).message}`, {
        cause: err,
      });
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
