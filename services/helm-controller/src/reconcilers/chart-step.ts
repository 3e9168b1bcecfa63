import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FluxLabel, HelmReason } from '@driftless/api';
import { defaultFetchArtifactOptions, fetchArtifact, parseDigest } from '@driftless/artifact';
import { type KubeObject, PatchType, type ReconcileContext, WaitAnnouncement, WaitingError } from '@driftless/runtime';
import {
  chartSourceOf,
  type HelmDeps,
  type HelmReleaseObject,
  type HelmReleaseState,
  helmChartType,
  ownedChartOf,
} from './helm-release-object.js';
import { retryIntervalMs } from './retry.js';

/** spec.chart: the HelmChart this release owns, applied (server-side) from the template, as Flux does. */
export async function ensureChart(ctx: ReconcileContext, object: HelmReleaseObject, _state: HelmReleaseState) {
  const owned = ownedChartOf(object);
  object.status ??= {};
  if (!owned) {
    if (!object.spec.chartRef)
      throw new WaitingError(
        HelmReason.ArtifactFailed,
        'spec.chart or spec.chartRef is required',
        retryIntervalMs(object),
      );
    delete object.status.helmChart;
    return;
  }
  const template = object.spec.chart!;
  const chart: KubeObject = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: {
      name: owned.name,
      namespace: owned.namespace,
      labels: {
        ...template.metadata?.labels,
        [FluxLabel.HelmName]: object.metadata.name,
        [FluxLabel.HelmNamespace]: object.metadata.namespace,
      },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
    },
    spec: {
      chart: template.spec.chart,
      version: template.spec.version ?? '*',
      sourceRef: { kind: template.spec.sourceRef.kind, name: template.spec.sourceRef.name },
      interval: template.spec.interval ?? object.spec.interval,
      reconcileStrategy: template.spec.reconcileStrategy ?? 'ChartVersion',
      ...(template.spec.valuesFiles ? { valuesFiles: template.spec.valuesFiles } : {}),
      ...(template.spec.ignoreMissingValuesFiles ? { ignoreMissingValuesFiles: true } : {}),
      ...(template.spec.verify ? { verify: template.spec.verify } : {}),
    },
  };
  await ctx.client.patch(helmChartType, chart.metadata, chart, { patchType: PatchType.Apply, force: true });
  object.status.helmChart = `${owned.namespace}/${owned.name}`;
}

/** The chart's latest artifact (from NATS), downloaded once per digest and verified. */
export function loadChart(deps: HelmDeps) {
  return async function loadChart(_ctx: ReconcileContext, object: HelmReleaseObject, state: HelmReleaseState) {
    const source = chartSourceOf(object)!;
    const artifact = deps.artifacts.get(source);
    if (!artifact) {
      throw new WaitingError(
        HelmReason.ArtifactFailed,
        `${source.kind} '${source.namespace}/${source.name}' is not ready: no artifact yet`,
        retryIntervalMs(object),
        { announce: WaitAnnouncement.Silent },
      );
    }
    const dir = join(deps.scratchRoot, 'charts');
    const path = join(dir, `${parseDigest(artifact.digest).hex}.tgz`);
    if (!(await exists(path))) {
      await mkdir(dir, { recursive: true });
      try {
        await fetchArtifact(artifact.url, {
          ...defaultFetchArtifactOptions(),
          destination: path,
          digest: artifact.digest,
          maxSize: deps.limits.artifactMaxSize,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new WaitingError(
          HelmReason.ArtifactFailed,
          `could not download the chart of ${source.kind} '${source.namespace}/${source.name}': ${message}`,
          retryIntervalMs(object),
          { cause: error },
        );
      }
    }
    state.chart = { artifact, source, path };
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
