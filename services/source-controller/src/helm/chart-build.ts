import { copyFile, cp, lstat, mkdir, mkdtemp, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { extractArchive } from '@driftless/artifact';
import { provideLocalDependencies } from './chart-dependencies.js';
import { readChartDirMetadata, readChartMetadata } from './chart-metadata.js';
import { withVersionMetadata } from './chart-version-metadata.js';
import { runHelm } from './helm-cli.js';
import { ChartPackageError, ChartReferenceError, HelmError } from './helm-errors.js';
import { isInside, PathEscapeError, resolveInside } from './safe-path.js';
import { loadValuesFiles, valuesToYaml } from './values-files.js';

export interface BuiltChart {
  /** Path of the chart archive in `outDir`: `<name>-<version>.tgz`. */
  file: string;
  name: string;
  /** The chart version, with build metadata when `versionMetadata` was given. */
  version: string;
  /** Values files merged into `values.yaml` (without the missing ones when those are ignored). */
  valuesFiles: string[];
  /** `false` when the chart was copied unchanged. */
  packaged: boolean;
}

export interface PackageChartOptions {
  /** Absolute path of the `helm` binary. */
  helmBinary: string;
  /** The extracted source artifact (GitRepository/Bucket). */
  sourceDir: string;
  /** `.spec.chart`: the chart directory (or a packaged `.tgz`) relative to `sourceDir`. */
  chartPath: string;
  /** `.spec.valuesFiles`, relative to `sourceDir`, merged in order into `values.yaml`. */
  valuesFiles: string[];
  ignoreMissingValuesFiles: boolean;
  /** SemVer build metadata for the version (see `versionMetadataFor`); `undefined` keeps the version. */
  versionMetadata: string | undefined;
  outDir: string;
  signal: AbortSignal;
}

export function defaultPackageChartOptions(): Pick<
  PackageChartOptions,
  'valuesFiles' | 'ignoreMissingValuesFiles' | 'versionMetadata'
> {
  return { valuesFiles: [], ignoreMissingValuesFiles: false, versionMetadata: undefined };
}

type PackageChartInput = Omit<PackageChartOptions, keyof ReturnType<typeof defaultPackageChartOptions>> &
  Partial<PackageChartOptions>;

/**
 * Builds a chart from a source artifact as Flux's local chart builder does: the chart directory is copied (the
 * source stays untouched), the values files replace `values.yaml`, missing `file://` dependencies are packaged
 * into `charts/`, and `helm package` writes `<name>-<version>.tgz` to `outDir`.
 */
export async function packageChartDirectory(options: PackageChartInput): Promise<BuiltChart> {
  const opts: PackageChartOptions = { ...defaultPackageChartOptions(), ...options };
  const realSource = await realpath(opts.sourceDir).catch((err) => {
    throw new ChartReferenceError(`source directory '${opts.sourceDir}' does not exist`, { cause: err });
  });
  const chartRef = await resolveChartPath(realSource, opts.chartPath);
  if ((await stat(chartRef)).isFile()) {
    return repackageArchive({ ...opts, chartFile: chartRef }, realSource);
  }
  const work = await mkdtemp(join(tmpdir(), 'driftless-helm-build-'));
  try {
    const meta = await readChartDirMetadata(chartRef);
    const version = withVersionMetadata(meta.version, opts.versionMetadata);
    const chartDir = join(work, 'chart', meta.name);
    await copyChartDir(chartRef, chartDir, realSource);
    const valuesFiles = await applyValuesFiles(chartDir, realSource, opts);
    await provideLocalDependencies({
      helmBinary: opts.helmBinary,
      chartDir,
      originDir: chartRef,
      sourceDir: realSource,
      metadata: meta,
      home: work,
      signal: opts.signal,
    });
    const file = await helmPackage({ ...opts, chartDir, version, home: work });
    return { file, name: meta.name, version, valuesFiles, packaged: true };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface MergeValuesOptions {
  helmBinary: string;
  /** A packaged chart, e.g. downloaded from a HelmRepository. */
  chartFile: string;
  /** Paths inside the chart (`values.yaml` is the chart's own), merged in order into `values.yaml`. */
  valuesFiles: string[];
  ignoreMissingValuesFiles: boolean;
  versionMetadata: string | undefined;
  outDir: string;
  signal: AbortSignal;
}

/**
 * Flux's remote chart build: a packaged chart is repackaged with merged values and/or build metadata; with
 * neither, it is copied unchanged (after checking that it is a valid chart).
 */
export function mergeValuesIntoPackagedChart(
  options: Omit<MergeValuesOptions, keyof ReturnType<typeof defaultPackageChartOptions>> & Partial<MergeValuesOptions>,
): Promise<BuiltChart> {
  return repackageArchive({ ...defaultPackageChartOptions(), ...options }, undefined);
}

/** `valuesBaseDir` undefined: values file paths are inside the chart. */
async function repackageArchive(opts: MergeValuesOptions, valuesBaseDir: string | undefined): Promise<BuiltChart> {
  const work = await mkdtemp(join(tmpdir(), 'driftless-helm-build-'));
  try {
    const meta = await readChartMetadata({ ...opts, path: opts.chartFile, home: work });
    const version = withVersionMetadata(meta.version, opts.versionMetadata);
    await mkdir(opts.outDir, { recursive: true });
    if (opts.valuesFiles.length === 0 && version === meta.version) {
      const file = join(opts.outDir, `${meta.name}-${version}.tgz`);
      await copyFile(opts.chartFile, file);
      return { file, name: meta.name, version, valuesFiles: [], packaged: false };
    }
    const chartDir = await extractChart(opts.chartFile, join(work, 'src'));
    const valuesFiles = await applyValuesFiles(chartDir, valuesBaseDir ?? chartDir, opts);
    const file = await helmPackage({ ...opts, chartDir, version, home: work });
    return { file, name: meta.name, version, valuesFiles, packaged: true };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function resolveChartPath(realSource: string, chartPath: string): Promise<string> {
  let resolved: string;
  try {
    resolved = await resolveInside(realSource, chartPath);
  } catch (err) {
    if (err instanceof PathEscapeError)
      throw new ChartReferenceError(`chart path '${chartPath}' is outside of the source`);
    throw err;
  }
  await stat(resolved).catch((err) => {
    throw new ChartReferenceError(`no chart found at path '${chartPath}' in the source`, { cause: err });
  });
  return resolved;
}

/** Replaces `values.yaml` with the merged values files; returns the files used. No files: nothing changes. */
async function applyValuesFiles(
  chartDir: string,
  baseDir: string,
  opts: Pick<PackageChartOptions, 'valuesFiles' | 'ignoreMissingValuesFiles'>,
): Promise<string[]> {
  if (opts.valuesFiles.length === 0) return [];
  const { values, used } = await loadValuesFiles({
    baseDir,
    files: opts.valuesFiles,
    ignoreMissing: opts.ignoreMissingValuesFiles,
  });
  await writeFile(join(chartDir, 'values.yaml'), valuesToYaml(values));
  return used;
}

/** Copies a chart dir, following symlinks only when they stay inside the source (like Flux's secure loader). */
async function copyChartDir(from: string, to: string, realSource: string): Promise<void> {
  const visited = new Set<string>();
  const check = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (visited.has(real)) throw new ChartPackageError(`symlink loop at '${basename(dir)}' in the chart`);
    visited.add(real);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (!entry.isSymbolicLink() && !entry.isDirectory()) continue;
      const target = await realpath(path).catch(() => undefined);
      if (target === undefined || !isInside(realSource, target)) {
        throw new ChartPackageError(`symlink '${entry.name}' in the chart points outside of the source`);
      }
      if ((await lstat(target)).isDirectory()) await check(path);
    }
  };
  await check(from);
  await cp(from, to, { recursive: true, dereference: true });
}

async function extractChart(chartFile: string, dest: string): Promise<string> {
  try {
    await extractArchive(chartFile, dest);
  } catch (err) {
    throw new ChartPackageError(`failed to extract chart '${basename(chartFile)}'`, { cause: err });
  }
  const dirs = (await readdir(dest, { withFileTypes: true })).filter((e) => e.isDirectory());
  if (dirs.length !== 1) throw new ChartPackageError(`chart archive '${basename(chartFile)}' has no single chart dir`);
  return join(dest, dirs[0].name);
}

interface HelmPackageInput {
  helmBinary: string;
  chartDir: string;
  version: string;
  outDir: string;
  home: string;
  signal: AbortSignal;
}

async function helmPackage(input: HelmPackageInput): Promise<string> {
  await mkdir(input.outDir, { recursive: true });
  let stdout: string;
  try {
    ({ stdout } = await runHelm({
      binary: input.helmBinary,
      args: ['package', input.chartDir, '--destination', input.outDir, '--version', input.version],
      home: input.home,
      signal: input.signal,
    }));
  } catch (err) {
    const message = err instanceof HelmError ? err.message : String(err);
    throw new ChartPackageError(`failed to package chart: ${message}`, { cause: err });
  }
  const saved = /saved it to: (.+\.tgz)\s*$/m.exec(stdout)?.[1];
  if (saved === undefined || !isInside(await realpath(input.outDir), await realpath(saved).catch(() => saved))) {
    throw new ChartPackageError('helm package did not report the packaged chart in the output directory');
  }
  return saved;
}
