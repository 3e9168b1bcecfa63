import { configMapType, describeObject, type KubeObject, type ResourceType, secretType } from '@driftless/runtime';
import type { Release } from '../release/release.js';
import { decodeRelease, encodeRelease } from './release-codec.js';
import { StorageDriver } from './release-storage.js';
import { ReleaseDecodeError } from './storage-errors.js';

/** The Secret or ConfigMap helm keeps one release revision in. */
export interface StorageObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export const secretReleaseType = 'helm.sh/release.v1';
export const releaseDataKey = 'release';
export const releaseOwner = 'helm';

/** Labels helm sets itself; every other label on a storage object is one of the release's own labels. */
export const systemLabels = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'] as const;

/** `createdAt` is set when a revision is first stored, `modifiedAt` (alone) whenever it is replaced. */
export const StorageWrite = { Create: 'createdAt', Update: 'modifiedAt' } as const;
export type StorageWrite = (typeof StorageWrite)[keyof typeof StorageWrite];

export function storageTypeOf(driver: StorageDriver): ResourceType {
  return driver === StorageDriver.Secret ? secretType : configMapType;
}

export function releaseObjectName(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

export function toStorageObject(
  driver: StorageDriver,
  namespace: string,
  release: Release,
  write: StorageWrite,
  now: Date = new Date(),
): StorageObject {
  const encoded = encodeRelease(release);
  const labels: Record<string, string> = {
    ...release.labels,
    [write]: String(Math.floor(now.getTime() / 1000)),
    name: release.name,
    owner: releaseOwner,
    status: release.info.status,
    version: String(release.version),
  };
  const type = storageTypeOf(driver);
  const metadata = { name: releaseObjectName(release.name, release.version), namespace, labels };
  if (driver === StorageDriver.ConfigMap) {
    return { apiVersion: 'v1', kind: type.kind, metadata, data: { [releaseDataKey]: encoded } };
  }
  const data = { [releaseDataKey]: Buffer.from(encoded, 'utf8').toString('base64') };
  return { apiVersion: 'v1', kind: type.kind, metadata, type: secretReleaseType, data };
}

/** The release a storage object holds, with the object's non-system labels as the release's labels. */
export function fromStorageObject(driver: StorageDriver, object: StorageObject): Release {
  const subject = describeObject(storageTypeOf(driver).kind, object.metadata.namespace, object.metadata.name);
  const stored = object.data?.[releaseDataKey];
  if (stored === undefined) throw new ReleaseDecodeError(subject, `it has no "${releaseDataKey}" key`);
  const text = driver === StorageDriver.Secret ? Buffer.from(stored, 'base64').toString('utf8') : stored;
  let release: Release;
  try {
    release = decodeRelease(text);
  } catch (error) {
    throw new ReleaseDecodeError(subject, (error as Error).message);
  }
  const labels = customLabels(object.metadata.labels);
  return Object.keys(labels).length > 0 ? { ...release, labels } : release;
}

function customLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const system: readonly string[] = systemLabels;
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !system.includes(key)));
}
