import type { Kustomization } from '@driftless/api';
import { ApiGroup } from '@driftless/api';
import type {
  AppliedRecords,
  ChangeSet,
  ObjectReader,
  ObjectWatch,
  ResourceManager,
  Unstructured,
} from '@driftless/apply';
import type { Artifact, KvMirror, Readiness } from '@driftless/bus';
import type { Informer, KubeClient, ResourceType } from '@driftless/runtime';
import type { BuildCache } from '../build/build-cache.js';

export type KustomizationObject = Kustomization & { metadata: { name: string; namespace: string } };

export const kustomizationType: ResourceType = {
  group: ApiGroup.Kustomize,
  version: 'v1',
  kind: 'Kustomization',
  plural: 'kustomizations',
  namespaced: true,
};

export interface KustomizeLimits {
  artifactMaxSize: number;
  buildMaxOutput: number;
}

/** What the Kustomization steps share across reconciles. */
export interface KustomizeDeps {
  artifacts: KvMirror<Artifact>;
  readiness: KvMirror<Readiness>;
  /** The Kustomizations the controller watches (dependsOn reads them from memory). */
  kustomizations: () => Informer<KustomizationObject>;
  watch: ObjectWatch;
  records: AppliedRecords;
  buildCache: BuildCache;
  /** The client a Kustomization applies with: impersonating its service account when it names one. */
  clientFor(object: KustomizationObject): KubeClient;
  managerFor(client: KubeClient): ResourceManager;
  /** Where health checks read objects: the API when `fresh`, the watch cache where it can otherwise. */
  healthReader(client: KubeClient, fresh: boolean): ObjectReader;
  scratchRoot: string;
  kubectlBinary: string;
  limits: KustomizeLimits;
  dependencyRequeueMs: number;
}

export interface KustomizationState {
  artifact?: Artifact;
  objects?: Unstructured[];
  changeSet?: ChangeSet;
}

export function objectKeyOf(object: KustomizationObject): string {
  return `${object.metadata.namespace}/${object.metadata.name}`;
}

export function sourceKeyOf(object: KustomizationObject): { kind: string; namespace: string; name: string } {
  const ref = object.spec.sourceRef;
  return { kind: ref.kind, namespace: ref.namespace ?? object.metadata.namespace, name: ref.name };
}
