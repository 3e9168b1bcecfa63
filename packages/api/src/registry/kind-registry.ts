import { alertDefinition } from '../kinds/alert.js';
import { gitRepositoryDefinition } from '../kinds/git-repository.js';
import { helmChartDefinition } from '../kinds/helm-chart.js';
import { helmReleaseDefinition } from '../kinds/helm-release.js';
import { helmRepositoryDefinition } from '../kinds/helm-repository.js';
import { imagePolicyDefinition } from '../kinds/image-policy.js';
import { imageRepositoryDefinition } from '../kinds/image-repository.js';
import { imageUpdateAutomationDefinition } from '../kinds/image-update-automation.js';
import type { KindDefinition } from '../kinds/kind-definition.js';
import { kustomizationDefinition } from '../kinds/kustomization.js';
import { ociRepositoryDefinition } from '../kinds/oci-repository.js';
import { providerDefinition } from '../kinds/provider.js';
import { receiverDefinition } from '../kinds/receiver.js';

/** Every kind, in the order its controller is listed in the design. */
export const kindDefinitions: readonly KindDefinition[] = [
  gitRepositoryDefinition,
  helmRepositoryDefinition,
  helmChartDefinition,
  ociRepositoryDefinition,
  kustomizationDefinition,
  helmReleaseDefinition,
  imageRepositoryDefinition,
  imagePolicyDefinition,
  imageUpdateAutomationDefinition,
  providerDefinition,
  alertDefinition,
  receiverDefinition,
];

/** What a client needs to address a kind through the API server. */
export interface KindInfo {
  group: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  /** Served versions, storage version first. */
  versions: readonly string[];
  storageVersion: string;
  /** `<group>/<storageVersion>`. */
  apiVersion: string;
}

const toInfo = (definition: KindDefinition): KindInfo => {
  const storageVersion = definition.versions.find((version) => version.storage)!.name;
  return {
    group: definition.group,
    kind: definition.kind,
    listKind: `${definition.kind}List`,
    plural: definition.plural,
    singular: definition.singular,
    shortNames: definition.shortNames,
    namespaced: definition.namespaced,
    versions: definition.versions.map((version) => version.name),
    storageVersion,
    apiVersion: `${definition.group}/${storageVersion}`,
  };
};

const byKind = new Map(kindDefinitions.map((definition) => [definition.kind, definition]));

export function findKindDefinition(kind: string): KindDefinition | undefined {
  return byKind.get(kind);
}

/** Looks a kind up by its kind name (`Kustomization`); `undefined` when Driftless does not serve it. */
export function lookupKind(kind: string): KindInfo | undefined {
  const definition = byKind.get(kind);
  return definition ? toInfo(definition) : undefined;
}

export function listKinds(): KindInfo[] {
  return kindDefinitions.map(toInfo);
}
