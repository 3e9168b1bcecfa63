import type { OciDescriptor, RegistryClient } from '@driftless/oci';
import {
  HelmOciChartError,
  highestMatching,
  OciError,
  OciManifestError,
  parseConstraint,
  parseFluxVersion,
  parseOciUrl,
  parseStrictVersion,
  type VersionedTag,
} from '@driftless/oci';

/** Media types of a Helm chart pushed with `helm push` (helm `pkg/registry/constants.go`). */
export const HelmOciMediaType = {
  Config: 'application/vnd.cncf.helm.config.v1+json',
  ChartContent: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
  LegacyChartContent: 'application/tar+gzip',
  Provenance: 'application/vnd.cncf.helm.chart.provenance.v1.prov',
} as const;
export type HelmOciMediaType = (typeof HelmOciMediaType)[keyof typeof HelmOciMediaType];

export interface PullOciChartOptions {
  /** The HelmRepository `spec.url`, `oci://host[:port]/path`; the chart lives at `<path>/<chart>`. */
  readonly repositoryUrl: string;
  readonly chart: string;
  /** HelmChart `spec.version`: an exact version, a SemVer range, or `''`/`*` for the latest stable version. */
  readonly version: string;
  readonly destFile: string;
  /** Largest chart package that is downloaded. */
  readonly maxBytes: number;
  /** Largest config blob (Chart.yaml as JSON) read into memory. */
  readonly maxConfigBytes: number;
}

export function defaultPullOciChartOptions(): Pick<PullOciChartOptions, 'version' | 'maxBytes' | 'maxConfigBytes'> {
  return { version: '*', maxBytes: 50 * 1024 * 1024, maxConfigBytes: 1024 * 1024 };
}

export interface PulledOciChart {
  /** From the chart's config blob (its Chart.yaml). */
  readonly name: string;
  readonly version: string;
  readonly file: string;
  /** The chart manifest digest. */
  readonly digest: string;
  /** `oci://…/<chart>:<version>`, the reference that was pulled. */
  readonly url: string;
}

/** Helm's `Tags`: `_` stands for `+`, only strict SemVer tags count. */
function chartVersions(tags: readonly string[]): VersionedTag[] {
  const versions: VersionedTag[] = [];
  for (const raw of tags) {
    const tag = raw.replaceAll('_', '+');
    const version = parseStrictVersion(tag);
    if (version !== undefined) versions.push({ tag, version });
  }
  return versions;
}

/**
 * Flux's OCIChartRepository.GetChartVersion: an exact version is used without listing tags; otherwise an exact tag
 * match wins, then the highest version satisfying the range (`''` and `*` mean the latest stable version).
 */
export async function selectChartVersion(client: RegistryClient, repository: string, version: string): Promise<string> {
  if (parseFluxVersion(version) !== undefined) return version;
  const versions = chartVersions(await client.listTags(repository));
  if (versions.length === 0)
    throw new HelmOciChartError(`unable to locate any tags in provided repository: ${repository}`);
  if (version !== '' && versions.some((v) => v.tag === version)) return version;
  const constraint = parseConstraint(version === '' ? '*' : version);
  if (constraint === undefined) throw new HelmOciChartError(`invalid version constraint '${version}'`);
  const best = highestMatching(versions, constraint);
  if (best === undefined) {
    throw new HelmOciChartError(`could not locate a version matching provided version string ${version}`);
  }
  return best.tag;
}

function chartLayer(layers: readonly OciDescriptor[], subject: string): OciDescriptor {
  const charts = layers.filter(
    (l) => l.mediaType === HelmOciMediaType.ChartContent || l.mediaType === HelmOciMediaType.LegacyChartContent,
  );
  if (charts.length !== 1) {
    throw new OciManifestError(subject, `expected 1 chart layer, found ${charts.length}`);
  }
  return charts[0];
}

async function readChartConfig(client: RegistryClient, repository: string, config: OciDescriptor, limit: number) {
  const data = await client.fetchBlobBytes(repository, config, limit);
  let parsed: { name?: unknown; version?: unknown } | null;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new OciManifestError(`config of ${repository}`, 'is not valid JSON', { cause: err });
  }
  if (typeof parsed?.name !== 'string' || typeof parsed.version !== 'string') {
    throw new OciManifestError(`config of ${repository}`, 'has no chart name and version');
  }
  return { name: parsed.name, version: parsed.version };
}

/**
 * Resolves and downloads a chart from an OCI HelmRepository (`type: oci`) into `destFile`, verifying every blob.
 * Errors keep their own reason (AuthenticationFailed, OCIArtifactPullFailed) or become ChartPullFailed.
 */
export async function pullOciChart(
  client: RegistryClient,
  options: Pick<PullOciChartOptions, 'repositoryUrl' | 'chart' | 'destFile'> & Partial<PullOciChartOptions>,
): Promise<PulledOciChart> {
  const opts = { ...defaultPullOciChartOptions(), ...options };
  const address = parseOciUrl(`${opts.repositoryUrl.replace(/\/+$/, '')}/${opts.chart}`);
  if (address.registry !== client.registry) {
    throw new HelmOciChartError(`the client is for ${client.registry}, the repository is on ${address.registry}`);
  }
  const repository = address.repository;
  try {
    const version = await selectChartVersion(client, repository, opts.version);
    const tag = version.replaceAll('+', '_');
    const fetched = await client.fetchManifest(repository, tag);
    const subject = `chart ${repository}:${tag}`;
    if (fetched.parsed.kind !== 'image') throw new OciManifestError(subject, 'is an image index, not a chart');
    const manifest = fetched.parsed.manifest;
    if (manifest.config.mediaType !== HelmOciMediaType.Config) {
      throw new OciManifestError(subject, `config media type is ${manifest.config.mediaType}, not a Helm chart`);
    }
    const layer = chartLayer(manifest.layers, subject);
    const meta = await readChartConfig(client, repository, manifest.config, opts.maxConfigBytes);
    const blob = await client.fetchBlob(repository, layer, { destFile: opts.destFile, maxBytes: opts.maxBytes });
    const url = `oci://${client.registry}/${repository}:${version}`;
    return { name: meta.name, version: meta.version, file: blob.path, digest: fetched.digest, url };
  } catch (err) {
    if (err instanceof OciError) throw err;
    throw new HelmOciChartError(`failed to pull chart ${opts.chart}: ${(err as Error).message}`, { cause: err });
  }
}
