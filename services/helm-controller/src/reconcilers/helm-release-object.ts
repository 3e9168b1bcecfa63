import { ApiGroup, type HelmRelease } from '@driftless/api';
import type { AppliedRecords, ObjectReader, ObjectWatch, ResourceManager } from '@driftless/apply';
import type { Artifact, KvMirror, Readiness } from '@driftless/bus';
import type { ActionDeps, ReleaseStorage, Values } from '@driftless/helm';

import { storageNamespaceOf } from '@driftless/helm';

export { releaseNameOf, releaseNamespaceOf, storageNamespaceOf } from '@driftless/helm';

import type { Informer, KubeClient, ResourceType } from '@driftless/runtime';
import type { Logger } from '@driftless/telemetry';

export type HelmReleaseObject = HelmRelease & { metadata: { name: string; namespace: string } };

export const HelmReleaseKind = 'HelmRelease';

export const helmReleaseType: ResourceType = {
  group: ApiGroup.Helm,
  version: 'v2',
  kind: HelmReleaseKind,
  plural: 'helmreleases',
  namespaced: true,
};

export const helmChartType: ResourceType = {
  group: ApiGroup.Source,
  version: 'v1',
  kind: 'HelmChart',
  plural: 'helmcharts',
  namespaced: true,
};

export interface HelmLimits {
  artifactMaxSize: number;
  renderMaxOutput: number;
}

/** What the HelmRelease steps share across reconciles. */
export interface HelmDeps {
  artifacts: KvMirror<Artifact>;
  readiness: KvMirror<Readiness>;
  helmReleases: () => Informer<HelmReleaseObject>;
  watch: ObjectWatch;
  applied: AppliedRecords;
  /** The client a HelmRelease works with: impersonating its service account when it names one. */
  clientFor(object: HelmReleaseObject): KubeClient;
  managerFor(client: KubeClient): ResourceManager;
  readerFor(client: KubeClient): ObjectReader;
  storageFor(client: KubeClient, namespace: string): ReleaseStorage;
  helmBinary: string;
  kubectlBinary: string;
  kubeconfigPath?: string;
  inClusterEnv?: { KUBERNETES_SERVICE_HOST?: string; KUBERNETES_SERVICE_PORT?: string };
  scratchRoot: string;
  limits: HelmLimits;
  dependencyRequeueMs: number;
}

/** The chart a reconcile works with, downloaded and verified. */
export interface LoadedChart {
  artifact: Artifact;
  /** Which source: `<kind>/<namespace>/<name>`. */
  source: SourceRef;
  path: string;
}

export interface SourceRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface HelmReleaseState {
  chart?: LoadedChart;
  values?: Values;
  valuesDigest?: string;
}

export function objectKeyOf(object: HelmReleaseObject): string {
  return `${object.metadata.namespace}/${object.metadata.name}`;
}

/** The HelmChart the controller creates for `spec.chart`: `<namespace>-<name>` in the source's namespace. */
export function ownedChartOf(object: HelmReleaseObject): SourceRef | undefined {
  const template = object.spec.chart;
  if (!template) return undefined;
  return {
    kind: 'HelmChart',
    namespace: template.spec.sourceRef.namespace ?? object.metadata.namespace,
    name: `${object.metadata.namespace}-${object.metadata.name}`,
  };
}

/** Where the chart comes from: the owned HelmChart, or `spec.chartRef`. */
export function chartSourceOf(object: HelmReleaseObject): SourceRef | undefined {
  const owned = ownedChartOf(object);
  if (owned) return owned;
  const ref = object.spec.chartRef;
  if (!ref) return undefined;
  return { kind: ref.kind, namespace: ref.namespace ?? object.metadata.namespace, name: ref.name };
}

export function sourceKey(ref: SourceRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** What the Helm actions of one HelmRelease work with: its (impersonated) client, manager, reader and storage. */
export function actionDepsOf(deps: HelmDeps, object: HelmReleaseObject, logger: Logger): ActionDeps {
  const client = deps.clientFor(object);
  return {
    client,
    manager: deps.managerFor(client),
    storage: deps.storageFor(client, storageNamespaceOf(object)),
    reader: deps.readerFor(client),
    watch: deps.watch,
    logger,
  };
}
