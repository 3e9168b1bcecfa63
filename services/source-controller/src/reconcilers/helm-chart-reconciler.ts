import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FluxFinalizer, type HelmChart, Kind, SourceCondition } from '@driftless/api';
import { extractArchive } from '@driftless/artifact';
import {
  createRegistryClient,
  credentialsFromDockerConfig,
  DockerConfigKey,
  OciError,
  parseOciUrl,
  type RegistryCredentials,
} from '@driftless/oci';
import { NotFoundError, type ReconcileContext, type Reconciler, StallingError, WaitingError } from '@driftless/runtime';
import { type BuiltChart, mergeValuesIntoPackagedChart, packageChartDirectory } from '../helm/chart-build.js';
import { downloadChart } from '../helm/chart-download.js';
import { selectChartVersion } from '../helm/chart-select.js';
import { type ReconcileStrategy, versionMetadataFor, withVersionMetadata } from '../helm/chart-version-metadata.js';
import { HelmError } from '../helm/helm-errors.js';
import { type HelmIndex, parseIndex } from '../helm/repository-index.js';
import { pullOciChart, selectChartVersion as selectOciChartVersion } from '../oci/helm-oci-chart.js';
import { readSecretData } from '../secrets.js';
import { markReady, recordArtifact } from './artifact-record.js';
import { storeFile } from './artifact-store.js';
import { asFetchFailure } from './fetch-failure.js';
import {
  type HelmRepositoryObject,
  helmRepositoryCredentials,
  OciRepositoryType,
} from './helm-repository-reconciler.js';
import { fetchSignal, type SourceDeps, type SourceObject, storageRef } from './source-object.js';
import { gitRepositoryType, helmChartType, helmRepositoryType } from './source-types.js';
import { reconcileStorage } from './storage-step.js';

type HelmChartObject = HelmChart & { metadata: { name: string } };

interface HelmChartState {
  scratch?: string;
  built?: BuiltChart;
  /** How the chart was obtained, for the NewArtifact message. */
  verb?: 'pulled' | 'packaged';
  sourceRevision?: string;
}

const sourceRetryMs = 10_000;

/** HelmChart: a chart from a HelmRepository (HTTP or OCI) or packaged from a GitRepository, values files merged. */
export function helmChartReconciler(deps: SourceDeps): Reconciler<HelmChartObject, HelmChartState> {
  const indexes = parsedIndexCache((path) => readFile(deps.storage.resolve(path)));

  async function reconcileSource(ctx: ReconcileContext, object: HelmChartObject, state: HelmChartState) {
    const { kind } = object.spec.sourceRef;
    state.scratch = await mkdtemp(join(deps.scratchRoot, 'chart-'));
    if (kind === Kind.HelmRepository) {
      const repository = await sourceObject<HelmRepositoryObject>(ctx, object);
      if (repository.spec.type === OciRepositoryType) return pullFromOci(ctx, object, repository, state);
      return pullFromIndex(ctx, object, repository, state);
    }
    if (kind === Kind.GitRepository) return packageFromSource(ctx, object, state);
    throw new StallingError('InvalidChartReference', `unsupported source kind '${kind}'`);
  }

  async function pullFromIndex(
    ctx: ReconcileContext,
    object: HelmChartObject,
    repository: HelmRepositoryObject,
    state: HelmChartState,
  ) {
    const indexArtifact = requireArtifact(repository, Kind.HelmRepository);
    const index = await indexes.load(indexArtifact.path);
    const entry = await asFetchFailure(object, [HelmError], async () =>
      selectChartVersion(index, object.spec.chart, object.spec.version),
    );
    const metadata = metadataFor(object, Kind.HelmRepository, undefined);
    if (isUpToDate(object, withVersionMetadata(entry.version, metadata))) return;
    const downloaded = join(state.scratch as string, 'download.tgz');
    await asFetchFailure(object, [HelmError], async () =>
      downloadChart({
        repositoryUrl: repository.spec.url,
        entry,
        credentials: await helmRepositoryCredentials(ctx, repository),
        passCredentials: repository.spec.passCredentials ?? false,
        signal: fetchSignal(ctx.signal, undefined),
        maxBytes: deps.limits.helmChartMaxSize,
        destFile: downloaded,
      }),
    );
    state.built = await repackage(ctx, object, downloaded, metadata, state);
    state.verb = 'pulled';
    state.sourceRevision = indexArtifact.revision;
  }

  async function pullFromOci(
    ctx: ReconcileContext,
    object: HelmChartObject,
    repository: HelmRepositoryObject,
    state: HelmChartState,
  ) {
    const metadata = metadataFor(object, Kind.HelmRepository, undefined);
    const downloaded = join(state.scratch as string, 'download.tgz');
    const pulled = await asFetchFailure(object, [OciError], async () => {
      const { registry, repository: path } = parseOciUrl(
        `${repository.spec.url.replace(/\/+$/, '')}/${object.spec.chart}`,
      );
      const client = createRegistryClient(registry, {
        insecure: repository.spec.insecure ?? false,
        credentials: await registryCredentials(ctx, repository, registry),
        signal: fetchSignal(ctx.signal, undefined),
      });
      const version = await selectOciChartVersion(client, path, object.spec.version ?? '*');
      if (isUpToDate(object, withVersionMetadata(version, metadata))) return undefined;
      return pullOciChart(client, {
        repositoryUrl: repository.spec.url,
        chart: object.spec.chart,
        version,
        destFile: downloaded,
        maxBytes: deps.limits.helmChartMaxSize,
      });
    });
    if (!pulled) return;
    state.built = await repackage(ctx, object, downloaded, metadata, state);
    state.verb = 'pulled';
    state.sourceRevision = pulled.digest;
  }

  async function packageFromSource(ctx: ReconcileContext, object: HelmChartObject, state: HelmChartState) {
    const source = await sourceObject<SourceObject>(ctx, object);
    const artifact = requireArtifact(source, object.spec.sourceRef.kind);
    if (isBuiltFrom(object, artifact.revision)) return;
    const sourceDir = join(state.scratch as string, 'source');
    await extractArchive(deps.storage.resolve(artifact.path), sourceDir, { maxSize: deps.limits.artifactMaxSize });
    const built = await asFetchFailure(
      object,
      [HelmError],
      () =>
        packageChartDirectory({
          helmBinary: deps.helmBinary,
          sourceDir,
          chartPath: object.spec.chart,
          valuesFiles: object.spec.valuesFiles ?? [],
          ignoreMissingValuesFiles: object.spec.ignoreMissingValuesFiles ?? false,
          versionMetadata: metadataFor(object, object.spec.sourceRef.kind, artifact.revision),
          outDir: join(state.scratch as string, 'out'),
          signal: fetchSignal(ctx.signal, undefined),
        }),
      SourceCondition.BuildFailed,
    );
    if (isUpToDate(object, built.version)) return;
    state.built = built;
    state.verb = 'packaged';
    state.sourceRevision = artifact.revision;
  }

  function repackage(
    ctx: ReconcileContext,
    object: HelmChartObject,
    chartFile: string,
    versionMetadata: string | undefined,
    state: HelmChartState,
  ): Promise<BuiltChart> {
    return asFetchFailure(
      object,
      [HelmError],
      () =>
        mergeValuesIntoPackagedChart({
          helmBinary: deps.helmBinary,
          chartFile,
          valuesFiles: object.spec.valuesFiles ?? [],
          ignoreMissingValuesFiles: object.spec.ignoreMissingValuesFiles ?? false,
          versionMetadata,
          outDir: join(state.scratch as string, 'out'),
          signal: fetchSignal(ctx.signal, undefined),
        }),
      SourceCondition.BuildFailed,
    );
  }

  async function reconcileArtifact(ctx: ReconcileContext, object: HelmChartObject, state: HelmChartState) {
    const built = state.built;
    if (!built) {
      markReady(object);
      return;
    }
    const artifact = await storeFile(deps, object, {
      kind: Kind.HelmChart,
      file: built.file,
      fileName: `${built.name}-${built.version}.tgz`,
      revision: built.version,
    });
    object.status ??= {};
    object.status.url = artifact.url;
    object.status.observedChartName = built.name;
    object.status.observedSourceArtifactRevision = state.sourceRevision;
    object.status.observedValuesFiles = object.spec.valuesFiles;
    await recordArtifact(ctx, object, artifact, `${state.verb} '${built.name}' chart with version '${built.version}'`);
  }

  return {
    type: helmChartType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [reconcileStorage(Kind.HelmChart, deps), reconcileSource, reconcileArtifact],
    async releaseState(state) {
      if (state.scratch) await rm(state.scratch, { recursive: true, force: true });
    },
    async cleanup(_ctx, object) {
      await deps.storage.remove(storageRef(Kind.HelmChart, object));
    },
    eventMetadata: (object) => ({ revision: object.status?.artifact?.revision ?? '' }),
    announceSuccess: false,
  };
}

/** The source object of a HelmChart; waits (and says so) while it does not exist. */
async function sourceObject<T extends SourceObject>(ctx: ReconcileContext, chart: HelmChartObject): Promise<T> {
  const { kind, name } = chart.spec.sourceRef;
  const namespace = chart.metadata.namespace ?? '';
  const type = kind === Kind.GitRepository ? gitRepositoryType : helmRepositoryType;
  try {
    return await ctx.client.get<T>(type, namespace, name);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new WaitingError(
      'SourceUnavailable',
      `failed to get source: ${kind} '${namespace}/${name}' not found`,
      sourceRetryMs,
    );
  }
}

function requireArtifact(source: SourceObject, kind: string) {
  const artifact = source.status?.artifact;
  if (!artifact) {
    throw new WaitingError(
      'SourceUnavailable',
      `no artifact available for ${kind} source '${source.metadata.name}'`,
      sourceRetryMs,
    );
  }
  return artifact;
}

function metadataFor(chart: HelmChartObject, sourceKind: string, sourceRevision: string | undefined) {
  return versionMetadataFor({
    sourceKind,
    reconcileStrategy: chart.spec.reconcileStrategy as ReconcileStrategy | undefined,
    sourceRevision,
    valuesFiles: chart.spec.valuesFiles ?? [],
    generation: chart.metadata.generation ?? 0,
  });
}

/** The stored chart was packaged from this source revision for this generation of the spec: nothing to build. */
function isBuiltFrom(chart: HelmChartObject, sourceRevision: string): boolean {
  const status = chart.status;
  return (
    status?.artifact !== undefined &&
    status.observedSourceArtifactRevision === sourceRevision &&
    status.observedGeneration === chart.metadata.generation
  );
}

/** Same chart version, name and values files as the stored artifact: nothing to build. */
function isUpToDate(chart: HelmChartObject, version: string): boolean {
  const status = chart.status;
  if (!status?.artifact || status.artifact.revision !== version) return false;
  if (status.observedChartName !== undefined && !chart.spec.chart.endsWith(status.observedChartName)) return false;
  return JSON.stringify(status.observedValuesFiles ?? []) === JSON.stringify(chart.spec.valuesFiles ?? []);
}

async function registryCredentials(
  ctx: ReconcileContext,
  repository: HelmRepositoryObject,
  registry: string,
): Promise<RegistryCredentials> {
  const secretName = repository.spec.secretRef?.name;
  if (!secretName) return {};
  const data = await readSecretData(ctx.client, repository.metadata.namespace ?? '', secretName);
  if (data[DockerConfigKey.DockerConfigJson] !== undefined) return credentialsFromDockerConfig(data, registry);
  return { username: data.username, password: data.password };
}

/**
 * Parsed indexes by storage path. A path names one index for good (its file name holds the digest), so
 * charts of one repository parse it once, not at every interval.
 */
function parsedIndexCache(read: (path: string) => Promise<Buffer>, size = 16) {
  const parsed = new Map<string, HelmIndex>();
  return {
    async load(path: string): Promise<HelmIndex> {
      const cached = parsed.get(path);
      if (cached) return cached;
      const index = parseIndex(await read(path));
      parsed.set(path, index);
      if (parsed.size > size) parsed.delete(parsed.keys().next().value as string);
      return index;
    },
  };
}
