import { parseDuration } from '@driftless/runtime';
import type { HelmReleaseObject } from './helm-release-object.js';

/** Flux retries a failed HelmRelease at spec.interval. */
export function retryIntervalMs(object: HelmReleaseObject): number {
  return parseDuration(object.spec.interval);
}
