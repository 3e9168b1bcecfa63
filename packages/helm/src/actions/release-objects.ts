import { groupOf, parseManifests, UnknownKindError, type Unstructured } from '@driftless/apply';
import { HelmAnnotation, ManagedByLabel, type Release } from '../release/release.js';
import type { ActionDeps } from './action-types.js';

/** `helm.sh/resource-policy: keep`: helm leaves the object behind on upgrade and uninstall. */
const KeepPolicy = 'keep';

/** The objects of a stored manifest, namespaced ones in the release namespace when they name none. */
export async function objectsOfManifest(
  deps: ActionDeps,
  manifest: string,
  namespace: string,
): Promise<Unstructured[]> {
  return inReleaseNamespace(deps, parseManifests(manifest), namespace);
}

/** Namespaced objects without a namespace go to the release namespace, as helm's client does. */
export async function inReleaseNamespace(
  deps: ActionDeps,
  objects: readonly Unstructured[],
  namespace: string,
): Promise<Unstructured[]> {
  return Promise.all(
    objects.map(async (object) => {
      if (object.metadata.namespace || !(await isNamespaced(deps, object))) return object;
      return { ...object, metadata: { ...object.metadata, namespace } };
    }),
  );
}

async function isNamespaced(deps: ActionDeps, object: Unstructured): Promise<boolean> {
  try {
    return (await deps.manager.mapper.resourceFor(object.apiVersion, object.kind)).namespaced;
  } catch (error) {
    // A kind the server does not serve (yet) is most likely a custom resource of the release's namespace.
    if (error instanceof UnknownKindError) return true;
    throw error;
  }
}

/** helm's ownership metadata, so that `helm upgrade` (and this package) can adopt the object later. */
export function withOwnership(object: Unstructured, release: Pick<Release, 'name' | 'namespace'>): Unstructured {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata.labels, [ManagedByLabel.key]: ManagedByLabel.value },
      annotations: {
        ...object.metadata.annotations,
        [HelmAnnotation.ReleaseName]: release.name,
        [HelmAnnotation.ReleaseNamespace]: release.namespace,
      },
    },
  };
}

/** Identity across revisions: group, kind, namespace and name (helm compares the same, plus the version). */
export function objectKey(object: Unstructured): string {
  return [groupOf(object.apiVersion), object.kind, object.metadata.namespace ?? '', object.metadata.name].join('/');
}

/** The objects of `from` that `to` no longer has. */
export function objectsMissingFrom(from: readonly Unstructured[], to: readonly Unstructured[]): Unstructured[] {
  const kept = new Set(to.map(objectKey));
  return from.filter((object) => !kept.has(objectKey(object)));
}

export function isKept(object: Unstructured): boolean {
  return object.metadata.annotations?.[HelmAnnotation.ResourcePolicy]?.toLowerCase() === KeepPolicy;
}

/** helm's way of naming an object in errors: `ConfigMap "web" in namespace "apps"`. */
export function describeObject(object: Unstructured): string {
  return `${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace ?? ''}"`;
}
