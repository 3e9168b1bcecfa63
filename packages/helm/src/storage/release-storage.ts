import type { Release } from '../release/release.js';

/** Where helm keeps releases: Secrets (helm's default), ConfigMaps. */
export const StorageDriver = { Secret: 'secret', ConfigMap: 'configmap' } as const;
export type StorageDriver = (typeof StorageDriver)[keyof typeof StorageDriver];

/**
 * One namespace's release storage, in helm's own format (`sh.helm.release.v1.<name>.v<N>`,
 * labels name/owner/status/version, gzip+base64 JSON), so helm and Driftless read each other's releases.
 */
export interface ReleaseStorage {
  readonly driver: StorageDriver;
  readonly namespace: string;
  /** Every stored revision of a release, oldest first; empty when there is none. */
  history(name: string): Promise<Release[]>;
  /** The highest revision, or undefined. */
  last(name: string): Promise<Release | undefined>;
  get(name: string, version: number): Promise<Release | undefined>;
  /** Fails with ReleaseExistsError when that revision is already stored. */
  create(release: Release): Promise<void>;
  /** Replaces a stored revision (status, description, hook runs change over a release's life). */
  update(release: Release): Promise<void>;
  /** Removes one revision; absent is fine. */
  delete(name: string, version: number): Promise<void>;
  /** Deletes the oldest revisions beyond `maxHistory` (0 keeps every one), never the newest deployed. */
  prune(name: string, maxHistory: number): Promise<void>;
}
