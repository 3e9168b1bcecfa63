import type { HelmRelease } from '@driftless/api';
import {
  inventoryRefs,
  type ObjectRef,
  parseManifests,
  type RestMapper,
  refOf,
  UnknownKindError,
  type Unstructured,
} from '@driftless/apply';
import { createReleaseStorage, type Release, releaseNameOf, StorageDriver, storageNamespaceOf } from '@driftless/helm';
import type { KubeClient } from '@driftless/runtime';
import type { FluxObject } from './fetch-objects.js';

type HelmReleaseObject = FluxObject & Pick<HelmRelease, 'spec'> & { metadata: { namespace: string } };

/**
 * What a HelmRelease manages. Its status has no inventory (helm-controller keeps none), so the
 * objects come from the manifest of the release revision helm stored, as `flux tree` reads them.
 */
export async function helmReleaseRefs(
  client: KubeClient,
  mapper: RestMapper,
  object: FluxObject,
): Promise<ObjectRef[]> {
  const inventory = (object.status as { inventory?: { entries?: { id: string; v: string }[] } } | undefined)?.inventory;
  if (inventory?.entries) return inventoryRefs(inventory.entries);
  const hr = object as HelmReleaseObject;
  // A release on a remote cluster keeps its storage there.
  if (hr.spec.kubeConfig) return [];
  const release = await storedRelease(client, hr);
  if (!release) return [];
  const objects = await Promise.all(
    parseManifests(release.manifest).map((item) => inNamespace(mapper, item, release.namespace)),
  );
  return objects.map(refOf);
}

async function storedRelease(client: KubeClient, hr: HelmReleaseObject): Promise<Release | undefined> {
  const status = hr.status as HelmRelease['status'];
  const namespace = status?.storageNamespace ?? storageNamespaceOf(hr);
  const storage = createReleaseStorage(client, { driver: StorageDriver.Secret, namespace });
  const latest = status?.history?.[0];
  return latest ? storage.get(latest.name, latest.version) : storage.last(releaseNameOf(hr));
}

/** helm leaves the namespace out of namespaced objects; they live in the release namespace. */
async function inNamespace(mapper: RestMapper, object: Unstructured, namespace: string): Promise<Unstructured> {
  if (object.metadata.namespace || !(await isNamespaced(mapper, object))) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

async function isNamespaced(mapper: RestMapper, object: Unstructured): Promise<boolean> {
  try {
    return (await mapper.resourceFor(object.apiVersion, object.kind)).namespaced;
  } catch (error) {
    // A kind the server does not serve is most likely a custom resource of the release.
    if (error instanceof UnknownKindError) return true;
    throw error;
  }
}
