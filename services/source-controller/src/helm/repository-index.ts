import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { parseLenientVersion } from '@driftless/oci';
import semver from 'semver';
import { parseDocument, visit } from 'yaml';
import type { HelmCredentials } from './helm-credentials.js';
import { HelmIndexError, indexFetchReason } from './helm-errors.js';
import { helmGet, parseHttpUrl } from './helm-http.js';

/** One chart version of a Helm repository index (Helm's `repo.ChartVersion`); unknown fields are kept. */
export interface ChartVersionEntry {
  name: string;
  version: string;
  urls: string[];
  digest?: string;
  created?: string;
  apiVersion?: string;
  [key: string]: unknown;
}

export interface HelmIndex {
  apiVersion: string;
  entries: Record<string, ChartVersionEntry[]>;
  generated?: string;
  [key: string]: unknown;
}

/** Flux's `--helm-index-max-size` default (internal/helm: `MaxIndexSize = 50 << 20`). */
export const defaultIndexMaxBytes = 50 * 1024 * 1024;

/**
 * Parses an index the way Flux's `IndexFromBytes` does: JSON when the bytes are valid JSON, else YAML; an
 * `apiVersion` is required; invalid chart versions are dropped; each chart's versions are sorted newest first.
 */
export function parseIndex(bytes: Buffer): HelmIndex {
  if (bytes.length === 0) throw new HelmIndexError('failed to load index: index.yaml file is empty');
  const raw = decode(bytes);
  if (!isRecord(raw)) throw new HelmIndexError('failed to load index: the index is not a map');
  if (typeof raw.apiVersion !== 'string' || raw.apiVersion === '') {
    throw new HelmIndexError('failed to load index: no API version specified');
  }
  if (raw.entries !== undefined && raw.entries !== null && !isRecord(raw.entries)) {
    throw new HelmIndexError("failed to load index: 'entries' is not a map");
  }
  const entries: Record<string, ChartVersionEntry[]> = {};
  for (const [chart, versions] of Object.entries(raw.entries ?? {})) {
    if (versions === null) {
      entries[chart] = [];
      continue;
    }
    if (!Array.isArray(versions)) {
      throw new HelmIndexError(`failed to load index: entry '${chart}' is not a list of chart versions`);
    }
    entries[chart] = sortVersions(versions.flatMap((v) => validEntry(chart, v)));
  }
  return { ...raw, apiVersion: raw.apiVersion, entries } as HelmIndex;
}

function decode(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: parse as YAML below
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new HelmIndexError(`failed to load index: ${doc.errors[0].message}`, { cause: doc.errors[0] });
  }
  // Helm decodes into typed structs, so `version: 1.10` stays the string "1.10" rather than the number 1.1.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && typeof node.source === 'string') node.value = node.source;
    },
  });
  return doc.toJS();
}

/** Helm's `ChartVersion.Validate` essentials: a plain name and a SemVer version; `apiVersion` defaults to v1. */
function validEntry(chart: string, value: unknown): ChartVersionEntry[] {
  if (value === null) return [];
  if (!isRecord(value)) throw new HelmIndexError(`failed to load index: a version of '${chart}' is not a map`);
  const name = value.name;
  const version = value.version;
  if (typeof name !== 'string' || name === '' || name.includes('/') || name.includes('\\')) return [];
  if (typeof version !== 'string' || parseLenientVersion(version) === undefined) return [];
  const urls = Array.isArray(value.urls) ? value.urls.filter((u): u is string => typeof u === 'string') : [];
  const apiVersion = typeof value.apiVersion === 'string' && value.apiVersion !== '' ? value.apiVersion : 'v1';
  return [{ ...value, name, version, urls, apiVersion }];
}

/** Helm's `SortEntries`: highest SemVer first (build metadata ignored, so equal versions keep their order). */
function sortVersions(versions: ChartVersionEntry[]): ChartVersionEntry[] {
  return versions
    .map((entry, position) => ({ entry, position, parsed: parseLenientVersion(entry.version) }))
    .sort((a, b) => {
      if (a.parsed && b.parsed) return semver.rcompare(a.parsed, b.parsed) || a.position - b.position;
      return a.parsed ? -1 : b.parsed ? 1 : a.position - b.position;
    })
    .map(({ entry }) => entry);
}

export interface FetchIndexOptions {
  /** The HelmRepository `.spec.url`; `index.yaml` is appended to its path. */
  url: string;
  credentials: HelmCredentials;
  signal: AbortSignal;
  maxBytes: number;
  passCredentials: boolean;
}

export function defaultFetchIndexOptions(): Omit<FetchIndexOptions, 'url' | 'signal'> {
  return { credentials: {}, maxBytes: defaultIndexMaxBytes, passCredentials: false };
}

/** `<repository URL path>/index.yaml`, keeping the query (Flux: `path.Join(u.Path, "index.yaml")`). */
export function indexUrl(repositoryUrl: string): string {
  const url = parseHttpUrl(repositoryUrl);
  url.pathname = posix.join(url.pathname || '/', 'index.yaml');
  return url.toString();
}

/** Downloads and parses `index.yaml`. The bytes are returned as fetched: the artifact revision is their digest. */
export async function fetchIndex(
  options: Pick<FetchIndexOptions, 'url' | 'signal'> & Partial<FetchIndexOptions>,
): Promise<{ bytes: Buffer; index: HelmIndex }> {
  const opts = { ...defaultFetchIndexOptions(), ...options };
  const bytes = await helmGet({
    url: indexUrl(opts.url),
    credentials: opts.credentials,
    credentialsFor: opts.url,
    passCredentials: opts.passCredentials,
    signal: opts.signal,
    maxBytes: opts.maxBytes,
    reason: indexFetchReason,
    what: 'index',
  });
  return { bytes, index: parseIndex(bytes) };
}

export interface IndexArtifact {
  /** What Flux stores: the parsed, sorted index as indented JSON. */
  content: Buffer;
  /** `index-<sha256 hex of the fetched bytes>.yaml` (a `.yaml` name holding JSON, as in Flux). */
  fileName: string;
  /** `sha256:<hex>` of the bytes as fetched. */
  revision: string;
}

/**
 * The HelmRepository artifact as Flux builds it (helmrepository_controller.go): revision is the SHA-256 digest of
 * the downloaded index, the file is `index-<hex>.yaml`, and its content is the loaded index marshalled as JSON.
 */
export function indexArtifact(index: HelmIndex, bytes: Buffer): IndexArtifact {
  const hex = createHash('sha256').update(bytes).digest('hex');
  return {
    content: Buffer.from(JSON.stringify(canonical(index), null, 2), 'utf8'),
    fileName: `index-${hex}.yaml`,
    revision: `sha256:${hex}`,
  };
}

/** Sorts map keys, as Go's encoding/json does for `entries` and every other map. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (value[key] !== undefined) out[key] = canonical(value[key]);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
