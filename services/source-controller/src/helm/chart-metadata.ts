import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLenientVersion } from '@driftless/oci';
import { parseDocument, visit } from 'yaml';
import { runHelm } from './helm-cli.js';
import { ChartPackageError, ChartReferenceError } from './helm-errors.js';

export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  alias?: string;
  [key: string]: unknown;
}

/** The parts of `Chart.yaml` the build needs; other fields are kept. */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  dependencies: ChartDependency[];
  [key: string]: unknown;
}

/**
 * Parses and validates `Chart.yaml` text like Helm's `Metadata.Validate`: a name without path separators and a
 * SemVer version are required; `apiVersion` defaults to `v1`. Failures are `ChartReferenceError` (Flux:
 * `InvalidChartReference`).
 */
export function parseChartYaml(text: string, source: string): ChartMetadata {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ChartReferenceError(`failed to load chart metadata from '${source}': ${doc.errors[0].message}`);
  }
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && typeof node.source === 'string') node.value = node.source;
    },
  });
  const raw: unknown = doc.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ChartReferenceError(`failed to load chart metadata from '${source}': not a map`);
  }
  const meta = raw as Record<string, unknown>;
  const invalid = (what: string) => new ChartReferenceError(`invalid chart metadata in '${source}': ${what}`);
  if (typeof meta.name !== 'string' || meta.name === '') throw invalid('name is required');
  if (/[/\\]/.test(meta.name)) throw invalid(`chart name '${meta.name}' must not contain path separators`);
  if (typeof meta.version !== 'string' || meta.version === '') throw invalid('version is required');
  if (!parseLenientVersion(meta.version)) throw invalid(`version '${meta.version}' is not valid SemVer`);
  return {
    ...meta,
    apiVersion: typeof meta.apiVersion === 'string' && meta.apiVersion !== '' ? meta.apiVersion : 'v1',
    name: meta.name,
    version: meta.version,
    dependencies: parseDependencies(meta.dependencies, source),
  };
}

function parseDependencies(value: unknown, source: string): ChartDependency[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ChartReferenceError(`invalid chart metadata in '${source}': bad dependencies`);
  return value.map((dep) => {
    if (typeof dep !== 'object' || dep === null || typeof (dep as ChartDependency).name !== 'string') {
      throw new ChartReferenceError(`invalid chart metadata in '${source}': a dependency has no name`);
    }
    return dep as ChartDependency;
  });
}

/** Reads `Chart.yaml` of a chart directory; v1 charts may list dependencies in `requirements.yaml`. */
export async function readChartDirMetadata(chartDir: string): Promise<ChartMetadata> {
  const file = join(chartDir, 'Chart.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ChartReferenceError(`no chart found at '${chartDir}': cannot read Chart.yaml`, { cause: err });
  }
  const meta = parseChartYaml(text, 'Chart.yaml');
  if (meta.apiVersion === 'v1' && meta.dependencies.length === 0) {
    const requirements = await readFile(join(chartDir, 'requirements.yaml'), 'utf8').catch(() => undefined);
    if (requirements !== undefined) {
      const parsed = parseDocument(requirements).toJS() as { dependencies?: unknown } | null;
      meta.dependencies = parseDependencies(parsed?.dependencies, 'requirements.yaml');
    }
  }
  return meta;
}

export interface ReadChartMetadataOptions {
  helmBinary: string;
  /** A chart directory or a packaged chart (`.tgz`). */
  path: string;
  /** Scratch dir for helm's config/cache (archives only); a temp dir is made and removed when omitted. */
  home?: string;
  signal: AbortSignal;
}

/** Metadata of a chart directory (read directly) or archive (`helm show chart`). */
export async function readChartMetadata(options: ReadChartMetadataOptions): Promise<ChartMetadata> {
  const info = await stat(options.path).catch((err) => {
    throw new ChartReferenceError(`no chart found at '${options.path}'`, { cause: err });
  });
  if (info.isDirectory()) return readChartDirMetadata(options.path);
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'driftless-helm-show-')));
  try {
    const { stdout } = await runHelm({
      binary: options.helmBinary,
      args: ['show', 'chart', options.path],
      home,
      signal: options.signal,
    });
    return parseChartYaml(stdout, options.path);
  } catch (err) {
    if (err instanceof ChartReferenceError) throw err;
    throw new ChartPackageError(`failed to read chart metadata from '${options.path}'`, { cause: err });
  } finally {
    if (options.home === undefined) await rm(home, { recursive: true, force: true });
  }
}
