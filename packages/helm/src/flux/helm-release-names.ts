import { createHash } from 'node:crypto';
import type { HelmRelease } from '@driftless/api';

type NamedHelmRelease = Pick<HelmRelease, 'spec'> & { metadata: { name: string; namespace: string } };

/** Flux's release name: `[targetNamespace-]name`, shortened with a hash beyond helm's 53 characters. */
export function releaseNameOf(object: NamedHelmRelease): string {
  if (object.spec.releaseName) return object.spec.releaseName;
  const name = object.spec.targetNamespace
    ? `${object.spec.targetNamespace}-${object.metadata.name}`
    : object.metadata.name;
  if (name.length <= 53) return name;
  return `${name.slice(0, 40)}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

/** Where the release's objects go: spec.targetNamespace, or the HelmRelease's namespace. */
export function releaseNamespaceOf(object: NamedHelmRelease): string {
  return object.spec.targetNamespace ?? object.metadata.namespace;
}

/** Where helm's release records are kept: spec.storageNamespace, or the HelmRelease's namespace. */
export function storageNamespaceOf(object: NamedHelmRelease): string {
  return object.spec.storageNamespace ?? object.metadata.namespace;
}
