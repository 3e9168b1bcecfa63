import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../registry.js';
import { apiVersionOf, type ResourceType } from '../types.js';

const subresourceVerbs = ['get', 'patch', 'update'];

const storageVersionHash = (type: ResourceType) =>
  createHash('sha256').update(`${type.group}/${type.storageVersion}/${type.kind}`).digest('base64').slice(0, 11);

function subresourcesOf(type: ResourceType) {
  const list: { name: string; kind: string; group?: string; version?: string }[] = [];
  if (type.subresources.status) list.push({ name: 'status', kind: type.kind });
  if (type.subresources.scale) list.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1' });
  return list;
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string) {
  const types = registry.inGroupVersion(group, version).sort((a, b) => a.plural.localeCompare(b.plural));
  const resources: Record<string, unknown>[] = [];
  for (const type of types) {
    resources.push({
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length ? { categories: type.categories } : {}),
      storageVersionHash: storageVersionHash(type),
    });
    for (const sub of subresourcesOf(type)) {
      resources.push({
        name: `${type.plural}/${sub.name}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(sub.group ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: subresourceVerbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: string[]) {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(registry: ResourceRegistry) {
  const groups = registry
    .groups()
    .filter((g) => g.group !== '')
    .map((g) => apiGroup(g.group, g.versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupOf(registry: ResourceRegistry, name: string) {
  const found = registry.groups().find((g) => g.group === name && name !== '');
  return found ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found.group, found.versions) } : undefined;
}

export const aggregatedDiscoveryContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the Accept header asks for aggregated discovery (v2 or v2beta1) first. */
export function wantsAggregatedDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (/;\s*v=v2beta1/.test(part)) return 'v2beta1';
    if (/;\s*v=v2(;|$|\s)/.test(part)) return 'v2';
  }
  return undefined;
}

/** `/api` (core) or `/apis` (named groups) as one aggregated discovery document. */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean, version: 'v2' | 'v2beta1') {
  const items = registry
    .groups()
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: registry
          .inGroupVersion(g.group, v)
          .sort((a, b) => a.plural.localeCompare(b.plural))
          .map((type) => ({
            resource: type.plural,
            responseKind: { group: type.group, version: type.version, kind: type.kind },
            scope: type.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: type.singular,
            verbs: type.verbs,
            ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
            ...(type.categories.length ? { categories: type.categories } : {}),
            subresources: subresourcesOf(type).map((sub) => ({
              subresource: sub.name,
              responseKind: { group: sub.group ?? type.group, version: sub.version ?? type.version, kind: sub.kind },
              verbs: subresourceVerbs,
            })),
          })),
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
