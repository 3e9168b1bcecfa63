import { ConflictError, type KubeClient, type ListResult, NotFoundError } from '@driftless/runtime';
import { type Release, ReleaseStatus } from '../release/release.js';
import type { ReleaseStorage, StorageDriver } from './release-storage.js';
import { ReleaseExistsError, ReleaseNotFoundError } from './storage-errors.js';
import {
  fromStorageObject,
  releaseObjectName,
  releaseOwner,
  type StorageObject,
  StorageWrite,
  storageTypeOf,
  toStorageObject,
} from './storage-object.js';

export interface ReleaseStorageOptions {
  driver: StorageDriver;
  namespace: string;
}

/** Helm's release storage in one namespace, on Secrets or ConfigMaps as helm's own drivers keep it. */
export function createReleaseStorage(client: KubeClient, options: ReleaseStorageOptions): ReleaseStorage {
  const { driver, namespace } = options;
  const type = storageTypeOf(driver);

  /** Every stored revision of a release, still encoded. */
  const storedObjects = async (name: string): Promise<StorageObject[]> => {
    const labelSelector = `owner=${releaseOwner},name=${labelValue(name)}`;
    const objects: StorageObject[] = [];
    let next: string | undefined;
    do {
      const page: ListResult<StorageObject> = await client.list<StorageObject>(type, {
        namespace,
        labelSelector,
        continue: next,
      });
      objects.push(...page.items);
      next = page.metadata.continue || undefined;
    } while (next);
    return objects;
  };

  const history = async (name: string): Promise<Release[]> => {
    const releases = (await storedObjects(name)).map((object) => fromStorageObject(driver, object));
    return releases.sort((a, b) => a.version - b.version);
  };

  const remove = async (name: string, version: number): Promise<void> => {
    try {
      await client.delete(type, { namespace, name: releaseObjectName(name, version) });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  };

  return {
    driver,
    namespace,
    history,

    /** Only the newest revision is decoded (by its `version` label): this runs on every reconcile. */
    async last(name) {
      const objects = await storedObjects(name);
      const newest = objects.reduce<StorageObject | undefined>(
        (best, object) => (best && versionLabel(best) >= versionLabel(object) ? best : object),
        undefined,
      );
      return newest && fromStorageObject(driver, newest);
    },

    async get(name, version) {
      try {
        const object = await client.get<StorageObject>(type, namespace, releaseObjectName(name, version));
        return fromStorageObject(driver, object);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },

    async create(release) {
      try {
        await client.create(type, toStorageObject(driver, namespace, release, StorageWrite.Create));
      } catch (error) {
        if (error instanceof ConflictError)
          throw new ReleaseExistsError(release.name, release.version, { cause: error });
        throw error;
      }
    },

    async update(release) {
      try {
        await client.replace(type, toStorageObject(driver, namespace, release, StorageWrite.Update));
      } catch (error) {
        if (error instanceof NotFoundError)
          throw new ReleaseNotFoundError(release.name, release.version, { cause: error });
        throw error;
      }
    },

    delete: remove,

    async prune(name, maxHistory) {
      if (maxHistory <= 0) return;
      const doomed = revisionsToPrune(await history(name), maxHistory);
      const failures: unknown[] = [];
      for (const version of doomed) await remove(name, version).catch((error: unknown) => failures.push(error));
      if (failures.length > 0) {
        throw new Error(`pruning release ${name}: ${failures.length} of ${doomed.length} deletions failed`, {
          cause: failures[0],
        });
      }
    },
  };
}

/**
 * Helm's `Storage.removeLeastRecent`: the oldest revisions go until `maxHistory` remain, skipping the latest
 * deployed revision, which is kept even when that leaves more than `maxHistory`.
 */
export function revisionsToPrune(history: readonly Release[], maxHistory: number): number[] {
  if (history.length <= maxHistory) return [];
  const deployed = history.filter((release) => release.info.status === ReleaseStatus.Deployed);
  const lastDeployed = deployed.length > 0 ? Math.max(...deployed.map((release) => release.version)) : undefined;
  const doomed: number[] = [];
  for (const release of [...history].sort((a, b) => a.version - b.version)) {
    if (history.length - doomed.length === maxHistory) break;
    if (release.version !== lastDeployed) doomed.push(release.version);
  }
  return doomed;
}

/** A release name is used in a label selector; anything that is not a valid label value is refused. */
function labelValue(name: string): string {
  if (!/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(name) || name.length > 63) {
    throw new Error(`release name ${JSON.stringify(name)} is not a valid label value`);
  }
  return name;
}

function versionLabel(object: StorageObject): number {
  return Number(object.metadata.labels?.version ?? 0);
}
