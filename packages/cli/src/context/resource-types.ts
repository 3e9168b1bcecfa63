import { type KindInfo, lookupKind } from '@driftless/api';
import type { ResourceType } from '@driftless/runtime';

export const crdType: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
};

export const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};

/** Where a Flux kind is served: its storage version. */
export function resourceTypeOf(info: KindInfo): ResourceType {
  return {
    group: info.group,
    version: info.storageVersion,
    kind: info.kind,
    plural: info.plural,
    namespaced: info.namespaced,
  };
}

export function fluxResourceType(kind: string): ResourceType {
  const info = lookupKind(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  return resourceTypeOf(info);
}
