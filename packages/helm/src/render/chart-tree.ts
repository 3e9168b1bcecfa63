import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { Values } from '../release/release.js';
import { parseHelmValues } from './manifest-yaml.js';
import { readTarGz } from './tar-gz.js';

/** A dependency entry of Chart.yaml (or requirements.yaml of an apiVersion v1 chart). */
export interface ChartDependency {
  name: string;
  alias?: string;
  condition?: string;
  tags?: string[];
}

/** The parts of a chart and its subcharts that decide which CRDs it installs. */
export interface ChartNode {
  name: string;
  dependencies: ChartDependency[];
  values: Values;
  /** `crds/` files with a manifest extension, by path inside the chart, in path order. */
  crdFiles: Array<{ path: string; text: string }>;
  subcharts: ChartNode[];
}

type ChartFiles = Map<string, Buffer>;

/** Charts are small; this bounds a packaged chart's inflated size (Flux's untar limit). */
const maxChartBytes = 100 * 1024 * 1024;
const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/** Loads a chart directory or `.tgz` with its subcharts (directories or archives under `charts/`). */
export async function loadChartTree(chartPath: string): Promise<ChartNode> {
  const info = await stat(chartPath);
  const files = info.isDirectory() ? await readChartDir(chartPath) : archiveFiles(await readFile(chartPath));
  return chartNode(files);
}

/** A packaged chart holds one top directory (the chart's name); paths are taken relative to it. */
function archiveFiles(archive: Buffer): ChartFiles {
  const files: ChartFiles = new Map();
  for (const [path, data] of readTarGz(archive, maxChartBytes)) {
    const slash = path.indexOf('/');
    if (slash > 0) files.set(path.slice(slash + 1), data);
  }
  return files;
}

async function readChartDir(root: string): Promise<ChartFiles> {
  const files: ChartFiles = new Map();
  for (const name of ['Chart.yaml', 'requirements.yaml', 'values.yaml']) {
    const data = await readFile(join(root, name)).catch(() => undefined);
    if (data) files.set(name, data);
  }
  for (const dir of ['crds', 'charts']) {
    for (const path of await walk(join(root, dir))) {
      files.set(relative(root, path).split(sep).join('/'), await readFile(path));
    }
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const paths: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) paths.push(...(await walk(path)));
    else if (entry.isFile()) paths.push(path);
  }
  return paths;
}

function chartNode(files: ChartFiles): ChartNode {
  const metadata = asRecord(parseText(files.get('Chart.yaml')));
  const requirements = asRecord(parseText(files.get('requirements.yaml')));
  const listed = Array.isArray(metadata.dependencies) ? metadata.dependencies : requirements.dependencies;
  return {
    name: typeof metadata.name === 'string' ? metadata.name : '',
    dependencies: (Array.isArray(listed) ? listed : []).map(asDependency).filter((dep) => dep.name !== ''),
    values: asRecord(parseText(files.get('values.yaml'))),
    crdFiles: crdFiles(files),
    subcharts: subcharts(files),
  };
}

function crdFiles(files: ChartFiles): ChartNode['crdFiles'] {
  return [...files.keys()]
    .filter((path) => path.startsWith('crds/') && manifestExtensions.has(extname(path)))
    .sort()
    .map((path) => ({ path, text: files.get(path)!.toString('utf8') }));
}

/** helm's loader: each `charts/<name>.tgz` is an archive, each `charts/<name>/` a directory; `_` and `.` names are skipped. */
function subcharts(files: ChartFiles): ChartNode[] {
  const groups = new Map<string, ChartFiles>();
  for (const [path, data] of files) {
    if (!path.startsWith('charts/')) continue;
    const rest = path.slice('charts/'.length);
    const slash = rest.indexOf('/');
    const first = slash < 0 ? rest : rest.slice(0, slash);
    if (first.startsWith('_') || first.startsWith('.')) continue;
    if (slash < 0 && extname(first) === '.tgz') groups.set(first, archiveFiles(data));
    else if (slash > 0) {
      const group = groups.get(first) ?? new Map<string, Buffer>();
      group.set(rest.slice(slash + 1), data);
      groups.set(first, group);
    }
  }
  return [...groups.keys()]
    .sort()
    .map((key) => groups.get(key)!)
    .filter((group) => group.has('Chart.yaml'))
    .map(chartNode);
}

function asDependency(value: unknown): ChartDependency {
  const dep = asRecord(value);
  const tags = Array.isArray(dep.tags) ? dep.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  return {
    name: typeof dep.name === 'string' ? dep.name : '',
    ...(typeof dep.alias === 'string' && dep.alias !== '' ? { alias: dep.alias } : {}),
    ...(typeof dep.condition === 'string' ? { condition: dep.condition } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

function parseText(data: Buffer | undefined): unknown {
  return data === undefined ? null : parseHelmValues(data.toString('utf8'));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
