import { createHash } from 'node:crypto';
import type { HelmReleaseSnapshot } from '@driftless/api';
import { type ChartMetadata, type Hook, HookEvent, type Release } from '../release/release.js';
import { valuesDigest } from '../values/values-digest.js';
import { encodeGoJson, normalizeGoTime } from './go-json.js';

export interface SnapshotOptions {
  /** The digest of the OCI artifact the chart came from, when it came from one. */
  ociDigest?: string;
}

/** Flux's `status.history` entry for a stored release (`ObservedToSnapshot`, plus test hooks once tests ran). */
export function snapshotOf(release: Release, options: SnapshotOptions = {}): HelmReleaseSnapshot {
  const snapshot: HelmReleaseSnapshot = {
    digest: releaseDigest(release, options),
    name: release.name,
    namespace: release.namespace,
    version: release.version,
    status: release.info.status,
    chartName: release.chart.metadata.name,
    chartVersion: release.chart.metadata.version,
    configDigest: valuesDigest(release.config),
    firstDeployed: kubeTime(release.info.first_deployed) ?? '',
    lastDeployed: kubeTime(release.info.last_deployed) ?? '',
  };
  if (release.chart.metadata.appVersion) snapshot.appVersion = release.chart.metadata.appVersion;
  const deleted = kubeTime(release.info.deleted);
  if (deleted) snapshot.deleted = deleted;
  const testHooks = testHooksOf(release);
  if (testHooks) snapshot.testHooks = testHooks;
  if (options.ociDigest) snapshot.ociDigest = options.ociDigest;
  return snapshot;
}

/**
 * Flux's release digest: sha256 of the release as Flux observes it (chart metadata but no templates, test hooks
 * left out so running tests does not change it), JSON-encoded by Go.
 */
export function releaseDigest(release: Release, options: SnapshotOptions = {}): string {
  const hooks = (release.hooks ?? []).filter((hook) => !hook.events?.includes(HookEvent.Test));
  const config = release.config && Object.keys(release.config).length > 0 ? release.config : null;
  const observation = withoutEmpty([
    ['name', release.name, 'always'],
    ['version', release.version, 'always'],
    ['info', observedInfo(release), 'always'],
    ['chartMetadata', observedMetadata(release.chart.metadata), 'always'],
    ['config', config, 'always'],
    ['manifest', release.manifest, 'always'],
    ['hooks', hooks.length > 0 ? hooks.map(observedHook) : null, 'always'],
    ['namespace', release.namespace, 'always'],
    ['ociDigest', options.ociDigest],
  ]);
  return `sha256:${createHash('sha256')
    .update(`${encodeGoJson(observation)}\n`)
    .digest('hex')}`;
}

function observedInfo(release: Release): Map<string, unknown> {
  const { info } = release;
  return withoutEmpty([
    ['first_deployed', goTime(info.first_deployed), 'always'],
    ['last_deployed', goTime(info.last_deployed), 'always'],
    ['deleted', goTime(info.deleted), 'always'],
    ['description', info.description],
    ['status', info.status],
    ['notes', info.notes],
  ]);
}

function observedMetadata(metadata: ChartMetadata): Map<string, unknown> {
  const list = (value: unknown) => (Array.isArray(value) ? value : undefined);
  return withoutEmpty([
    ['name', metadata.name],
    ['home', metadata.home],
    ['sources', metadata.sources],
    ['version', metadata.version],
    ['description', metadata.description],
    ['keywords', metadata.keywords],
    ['maintainers', list(metadata.maintainers)?.map(observedMaintainer)],
    ['icon', metadata.icon],
    ['apiVersion', metadata.apiVersion],
    ['condition', metadata.condition],
    ['tags', metadata.tags],
    ['appVersion', metadata.appVersion],
    ['deprecated', metadata.deprecated],
    ['annotations', metadata.annotations],
    ['kubeVersion', metadata.kubeVersion],
    ['dependencies', list(metadata.dependencies)?.map(observedDependency)],
    ['type', metadata.type],
  ]);
}

function observedMaintainer(maintainer: Record<string, unknown> | null): Map<string, unknown> | null {
  if (!maintainer) return null;
  return withoutEmpty([
    ['name', maintainer.name],
    ['email', maintainer.email],
    ['url', maintainer.url],
  ]);
}

function observedDependency(dependency: Record<string, unknown> | null): Map<string, unknown> | null {
  if (!dependency) return null;
  return withoutEmpty([
    ['name', dependency.name ?? '', 'always'],
    ['version', dependency.version],
    ['repository', dependency.repository ?? '', 'always'],
    ['condition', dependency.condition],
    ['tags', dependency.tags],
    ['enabled', dependency.enabled],
    ['import-values', dependency['import-values']],
    ['alias', dependency.alias],
  ]);
}

function observedHook(hook: Hook): Map<string, unknown> {
  const lastRun = new Map<string, unknown>([
    ['started_at', goTime(hook.last_run?.started_at)],
    ['completed_at', goTime(hook.last_run?.completed_at)],
    ['phase', hook.last_run?.phase ?? ''],
  ]);
  return withoutEmpty([
    ['name', hook.name],
    ['kind', hook.kind],
    ['path', hook.path],
    ['manifest', hook.manifest],
    ['events', hook.events],
    ['last_run', lastRun, 'always'],
    ['weight', hook.weight],
    ['delete_policies', hook.delete_policies],
  ]);
}

/** A Go struct's fields, dropping the `omitempty` ones that hold their zero value. */
function withoutEmpty(fields: Array<[string, unknown, 'always'?]>): Map<string, unknown> {
  return new Map(fields.filter(([, value, always]) => always || !isGoZero(value)).map(([key, value]) => [key, value]));
}

function isGoZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && !(value instanceof Map) && Object.keys(value).length === 0;
}

/** Helm's own time type writes its zero value as an empty string. */
function goTime(time: string | undefined): string {
  return time ? normalizeGoTime(time) : '';
}

/** A `metav1.Time` as Kubernetes writes it: UTC, whole seconds; undefined for helm's zero time. */
function kubeTime(time: string | undefined): string | undefined {
  if (!time || time.startsWith('0001-01-01')) return undefined;
  const parsed = new Date(time);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return `${parsed.toISOString().slice(0, 19)}Z`;
}

/** Every test hook with its last run, once any of them ran (Flux records them after `helm test`). */
function testHooksOf(release: Release): HelmReleaseSnapshot['testHooks'] {
  const tests = (release.hooks ?? []).filter((hook) => hook.events?.includes(HookEvent.Test));
  if (!tests.some((hook) => hook.last_run?.started_at)) return undefined;
  const entries = tests.map((hook) => {
    const status: { lastStarted?: string; lastCompleted?: string; phase?: string } = {};
    const started = kubeTime(hook.last_run.started_at);
    const completed = kubeTime(hook.last_run.completed_at);
    if (started) status.lastStarted = started;
    if (completed) status.lastCompleted = completed;
    if (hook.last_run.phase) status.phase = hook.last_run.phase;
    return [hook.name, status] as const;
  });
  return Object.fromEntries(entries);
}
