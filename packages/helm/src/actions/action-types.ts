import type { ObjectReader, ObjectWatch, ResourceManager } from '@driftless/apply';
import type { KubeClient } from '@driftless/runtime';
import type { Logger } from '@driftless/telemetry';
import type { Release } from '../release/release.js';
import type { ReleaseStorage } from '../storage/release-storage.js';

/** What every Helm action works with. */
export interface ActionDeps {
  client: KubeClient;
  manager: ResourceManager;
  storage: ReleaseStorage;
  /** Where readiness waits read objects. */
  reader: ObjectReader;
  /** Optional: wakes waits as soon as a watched object changes. */
  watch?: ObjectWatch;
  logger?: Logger;
}

export interface WaitFlags {
  timeoutMs: number;
  /** Wait for the release's objects to be ready (kstatus Current) before it counts as deployed. */
  wait: boolean;
  /** Also wait for Jobs to complete. */
  waitForJobs: boolean;
  disableHooks: boolean;
}

export const CrdPolicy = { Skip: 'Skip', Create: 'Create', CreateReplace: 'CreateReplace' } as const;
export type CrdPolicy = (typeof CrdPolicy)[keyof typeof CrdPolicy];

/** A Helm action failed; `release` is the revision as stored after the failure (status failed), when there is one. */
export class HelmActionError extends Error {
  override name = 'HelmActionError';

  constructor(
    readonly action: 'install' | 'upgrade' | 'rollback' | 'uninstall' | 'test',
    message: string,
    readonly release?: Release,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
