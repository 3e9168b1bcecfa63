import { objectIdOf, type Unstructured } from '@driftless/apply';
import type { Values } from '../release/release.js';
import type { ChartDependency, ChartNode } from './chart-tree.js';
import { parseHelmYaml } from './manifest-yaml.js';

/** A subchart as the parent sees it: under its alias, when Chart.yaml gives one. */
interface DependencyChart {
  key: string;
  chart: ChartNode;
  dependency?: ChartDependency;
}

/**
 * The CRDs helm installs for a chart: its `crds/` files, then those of every enabled subchart
 * (helm's `CRDObjects` after dependency conditions and tags are processed), each object once.
 */
export function chartCrds(chart: ChartNode, values: Values): Unstructured[] {
  const coalesced = coalesce(values, defaultValues(chart));
  const crds = new Map<string, Unstructured>();
  for (const { path, text } of enabledCrdFiles(chart, coalesced, '', chart.name)) {
    for (const object of parseHelmYaml(text, path)) {
      const id = objectIdOf(object);
      if (!crds.has(id)) crds.set(id, object);
    }
  }
  return [...crds.values()];
}

/** `prefix` is the subchart's place in the values (`sub.`), `location` its place in the chart (`top/charts/sub`). */
function enabledCrdFiles(chart: ChartNode, values: Values, prefix: string, location: string): ChartNode['crdFiles'] {
  const files = chart.crdFiles.map(({ path, text }) => ({ path: `${location}/${path}`, text }));
  for (const sub of dependencyCharts(chart)) {
    if (sub.dependency && !isEnabled(sub.dependency, values, prefix)) continue;
    files.push(...enabledCrdFiles(sub.chart, values, `${prefix}${sub.key}.`, `${location}/charts/${sub.key}`));
  }
  return files;
}

/** Subcharts missing from Chart.yaml come first and are always enabled; listed ones follow in Chart.yaml's order. */
function dependencyCharts(chart: ChartNode): DependencyChart[] {
  const listed = new Set(chart.dependencies.map((dep) => dep.name));
  const unlisted = chart.subcharts.filter((sub) => !listed.has(sub.name)).map((sub) => ({ key: sub.name, chart: sub }));
  const aliased = chart.dependencies.flatMap((dependency) => {
    const sub = chart.subcharts.find((candidate) => candidate.name === dependency.name);
    return sub ? [{ key: dependency.alias ?? dependency.name, chart: sub, dependency }] : [];
  });
  return [...unlisted, ...aliased];
}

/** helm: tags enable unless only false tags are set; the first condition path holding a boolean overrides them. */
function isEnabled(dependency: ChartDependency, values: Values, prefix: string): boolean {
  const tags = asTable(values.tags) ?? {};
  const set = (dependency.tags ?? []).map((tag) => tags[tag]).filter((value) => typeof value === 'boolean');
  let enabled = set.includes(true) || !set.includes(false);
  for (const condition of (dependency.condition ?? '').split(',').map((path) => path.trim())) {
    if (condition === '') continue;
    const value = pathValue(values, `${prefix}${condition}`);
    if (typeof value === 'boolean') {
      enabled = value;
      break;
    }
  }
  return enabled;
}

/** A chart's default values with each subchart's defaults under its (aliased) name. */
function defaultValues(chart: ChartNode): Values {
  let values = chart.values;
  for (const sub of dependencyCharts(chart)) {
    values = coalesce(values, { [sub.key]: defaultValues(sub.chart) });
  }
  return values;
}

/** helm's coalescing: `high` wins, tables merge, a null in `high` removes the key. */
function coalesce(high: Values, low: Values): Values {
  const result: Values = { ...low };
  for (const [key, value] of Object.entries(high)) {
    const lowTable = asTable(low[key]);
    const highTable = asTable(value);
    if (value === null) delete result[key];
    else if (highTable && lowTable) result[key] = coalesce(highTable, lowTable);
    else result[key] = value;
  }
  return result;
}

function pathValue(values: Values, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split('.')) {
    const table = asTable(current);
    if (!table || !(key in table)) return undefined;
    current = table[key];
  }
  return current;
}

function asTable(value: unknown): Values | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : undefined;
}
