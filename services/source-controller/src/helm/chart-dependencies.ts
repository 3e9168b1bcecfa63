import { mkdir, readdir, realpath } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseLenientVersion, toNodeRange } from '@driftless/oci';
import semver from 'semver';
import { type ChartDependency, type ChartMetadata, readChartDirMetadata, readChartMetadata } from './chart-metadata.js';
import { runHelm } from './helm-cli.js';
import { ChartDependencyError, HelmError } from './helm-errors.js';
import { isInside, PathEscapeError, resolveInside } from './safe-path.js';

export interface ProvideDependenciesOptions {
  helmBinary: string;
  /** The working copy of the chart, whose `charts/` receives the packaged dependencies. */
  chartDir: string;
  /** Where the chart lives in the source (a real path): `file://` paths are relative to it. */
  originDir: string;
  /** `file://` dependencies must stay inside this dir. */
  sourceDir: string;
  metadata: ChartMetadata;
  home: string;
  signal: AbortSignal;
}

/**
 * Puts every dependency that `charts/` lacks into it. Only `file://` dependencies can be provided (packaged with
 * `helm package`, after checking the version constraint, as Flux's DependencyManager does for local charts);
 * a missing dependency from a remote repository is a `ChartDependencyError`.
 */
export async function provideLocalDependencies(options: ProvideDependenciesOptions): Promise<string[]> {
  const present = await vendoredChartNames(options);
  const missing = options.metadata.dependencies.filter((dep) => !present.has(dep.name));
  const provided: string[] = [];
  for (const dep of missing) {
    const repository = dep.repository ?? '';
    if (!repository.startsWith('file://')) {
      throw new ChartDependencyError(
        `dependency '${dep.name}' is not in charts/ and its repository '${repository}' is not a file:// path; ` +
          'remote chart dependencies must be vendored into charts/',
      );
    }
    await packageLocalDependency(options, dep, repository.slice('file://'.length));
    provided.push(dep.name);
  }
  return provided;
}

/** Names of the charts already in `charts/` (directories and archives), as Helm's loader would see them. */
async function vendoredChartNames(options: ProvideDependenciesOptions): Promise<Set<string>> {
  const chartsDir = join(options.chartDir, 'charts');
  const entries = await readdir(chartsDir, { withFileTypes: true }).catch(() => []);
  const names = new Set<string>();
  for (const entry of entries) {
    const path = join(chartsDir, entry.name);
    if (!entry.isDirectory() && !entry.name.endsWith('.tgz')) continue;
    try {
      const meta = await readChartMetadata({ ...options, path });
      names.add(meta.name);
    } catch (err) {
      throw new ChartDependencyError(`cannot read the chart '${entry.name}' in charts/`, { cause: err });
    }
  }
  return names;
}

async function packageLocalDependency(options: ProvideDependenciesOptions, dep: ChartDependency, path: string) {
  const realSource = await realpath(options.sourceDir);
  const lexical = resolve(options.originDir, path);
  const outside = () => new ChartDependencyError(`dependency '${dep.name}' path '${path}' is outside of the source`);
  if (!isInside(realSource, lexical)) throw outside();
  const depDir = await resolveInside(realSource, relative(realSource, lexical)).catch((err) => {
    throw err instanceof PathEscapeError ? outside() : err;
  });
  let meta: ChartMetadata;
  try {
    meta = await readChartDirMetadata(depDir);
  } catch (err) {
    throw new ChartDependencyError(`dependency '${dep.name}': no chart found at 'file://${path}'`, { cause: err });
  }
  if (dep.version && !satisfies(meta.version, dep.version)) {
    throw new ChartDependencyError(
      `dependency '${dep.name}': can't get a valid version for constraint '${dep.version}' (found ${meta.version})`,
    );
  }
  await mkdir(join(options.chartDir, 'charts'), { recursive: true });
  try {
    await runHelm({
      binary: options.helmBinary,
      args: ['package', depDir, '--destination', join(options.chartDir, 'charts')],
      home: options.home,
      signal: options.signal,
    });
  } catch (err) {
    const message = err instanceof HelmError ? err.message : String(err);
    throw new ChartDependencyError(`dependency '${dep.name}': ${message}`, { cause: err });
  }
}

function satisfies(version: string, constraint: string): boolean {
  const parsed = parseLenientVersion(version);
  if (!parsed) return false;
  try {
    return semver.satisfies(parsed, toNodeRange(constraint), { includePrerelease: parsed.prerelease.length > 0 });
  } catch {
    return false;
  }
}
