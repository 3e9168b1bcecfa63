import { builtinResources, refTo } from './schema.js';
import type { ResourceType } from './types.js';

const scaled = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', '/replicationcontrollers']);

function builtinType(resource: (typeof builtinResources)[number]): ResourceType {
  return {
    group: resource.group,
    version: resource.version,
    kind: resource.kind,
    listKind: `${resource.kind}List`,
    plural: resource.plural,
    singular: resource.singular,
    namespaced: resource.namespaced,
    verbs: resource.verbs,
    shortNames: resource.shortNames,
    categories: resource.categories,
    storageVersion: resource.version,
    subresources: {
      status: 'status' in resource.subresources,
      scale: scaled.has(`${resource.group}/${resource.plural}`)
        ? {
            specReplicasPath: '.spec.replicas',
            statusReplicasPath: '.status.replicas',
            labelSelectorPath: '.status.selector',
          }
        : undefined,
    },
    schema: refTo(resource.definition),
    printerColumns: [],
    builtin: true,
  };
}

/** `<group>/<plural>`: where objects of a resource are stored, whatever version they are served in. */
export const collectionOf = (type: Pick<ResourceType, 'group' | 'plural'>): string => `${type.group}/${type.plural}`;

/** The resources the server serves: the built-ins and, as they are established, every CRD's versions. */
export class ResourceRegistry {
  private readonly byPlural = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  private readonly fromCrd = new Map<string, ResourceType[]>();
  private generationCounter = 0;
  private readonly changeListeners = new Set<() => void>();

  constructor() {
    for (const resource of builtinResources) this.add(builtinType(resource));
  }

  /** Changes every time a CRD's resources are added or removed (for discovery and OpenAPI caches). */
  get generation(): number {
    return this.generationCounter;
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  byResource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPlural.get(`${group}/${version}/${plural}`);
  }

  byGroupVersionKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** Any served version of a group's kind, preferring the storage version. */
  byGroupKind(group: string, kind: string): ResourceType | undefined {
    const candidates = this.all().filter((t) => t.group === group && t.kind === kind);
    return candidates.find((t) => t.version === t.storageVersion) ?? candidates[0];
  }

  all(): ResourceType[] {
    return [...this.byPlural.values()];
  }

  /** Groups with their versions, newest (the preferred) first, core group first. */
  groups(): { group: string; versions: string[] }[] {
    const groups = new Map<string, Set<string>>();
    for (const type of this.byPlural.values()) {
      const versions = groups.get(type.group) ?? new Set<string>();
      versions.add(type.version);
      groups.set(type.group, versions);
    }
    return [...groups.entries()].map(([group, versions]) => ({
      group,
      versions: [...versions].sort(compareVersionsDescending),
    }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }

  /** Replaces the resources a CRD serves (an empty list removes them). */
  setCrdResources(crdName: string, types: ResourceType[]): void {
    for (const old of this.fromCrd.get(crdName) ?? []) {
      this.byPlural.delete(`${old.group}/${old.version}/${old.plural}`);
      this.byKind.delete(`${old.group}/${old.version}/${old.kind}`);
    }
    if (types.length) this.fromCrd.set(crdName, types);
    else this.fromCrd.delete(crdName);
    for (const type of types) this.add(type);
    this.generationCounter++;
    for (const listener of this.changeListeners) listener();
  }

  private add(type: ResourceType): void {
    this.byPlural.set(`${type.group}/${type.version}/${type.plural}`, type);
    this.byKind.set(`${type.group}/${type.version}/${type.kind}`, type);
  }
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareVersionsDescending(a: string, b: string): number {
  const rank = (v: string) => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!match) return [0, 0, 0];
    const stability = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
    return [stability, Number(match[1]), Number(match[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return a.localeCompare(b);
}
