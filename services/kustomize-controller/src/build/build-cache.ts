import { createHash } from 'node:crypto';
import path from 'node:path';
import { type BuildSpec, pickBuildSpec } from '@driftless/kustomize-build';

export interface BuildKeyInput {
  /** The artifact digest, e.g. `sha256:<hex>`. */
  digest: string;
  /** spec.path; `./apps`, `apps` and `apps/` are the same key. */
  path?: string;
  spec: BuildSpec;
}

/** `sha256` of the artifact digest, the normalized path and the canonical JSON of the build fields of the spec. */
export function buildKey(input: BuildKeyInput): string {
  const normalizedPath = path.posix.normalize(`./${input.path ?? ''}`).replace(/\/+$/, '') || '.';
  const material = canonicalJson([input.digest, normalizedPath, pickBuildSpec(input.spec)]);
  return createHash('sha256').update(material).digest('hex');
}

/** JSON with object keys sorted and undefined fields dropped, so equal specs give equal keys. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface BuildCacheOptions {
  maxEntries: number;
  /** Total UTF-8 bytes of the cached YAML. */
  maxBytes: number;
}

export function defaultBuildCacheOptions(): BuildCacheOptions {
  return { maxEntries: 100, maxBytes: 256 * 1024 * 1024 };
}

/** Least-recently-used cache of built YAML, bounded by entry count and total bytes. */
export class BuildCache {
  private readonly entries = new Map<string, { yaml: string; bytes: number }>();
  private totalBytes = 0;

  constructor(readonly options: BuildCacheOptions = defaultBuildCacheOptions()) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.yaml;
  }

  /** Stores `yaml`, evicting the least recently used entries; a value bigger than `maxBytes` is not kept. */
  set(key: string, yaml: string): void {
    this.delete(key);
    const bytes = Buffer.byteLength(yaml);
    if (bytes > this.options.maxBytes || this.options.maxEntries < 1) return;
    this.entries.set(key, { yaml, bytes });
    this.totalBytes += bytes;
    while (this.entries.size > this.options.maxEntries || this.totalBytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }
}
