import type { ArtifactStorage, RetentionOptions } from '@driftless/artifact';
import { parseDuration, type ReconcilableObject } from '@driftless/runtime';

/** Flux's `status.artifact`. */
export interface StatusArtifact {
  path: string;
  url: string;
  revision: string;
  digest?: string;
  lastUpdateTime: string;
  size?: number;
  metadata?: Record<string, string>;
}

/** What every source kind has in common: an artifact in its status. */
export type SourceObject = ReconcilableObject & {
  status?: ReconcilableObject['status'] & { artifact?: StatusArtifact };
};

/** What the reconcilers of one process share. */
export interface SourceDeps {
  storage: ArtifactStorage;
  retention: RetentionOptions;
  /** Directory of per-object caches (Git objects), kept across reconciles. */
  cacheRoot: string;
  /** Directory for per-reconcile scratch space, emptied as each reconcile ends. */
  scratchRoot: string;
  limits: SourceLimits;
  helmBinary: string;
  gitBinary: string;
}

export interface SourceLimits {
  /** Largest source tree (Git) or layer (OCI) accepted, in bytes. */
  artifactMaxSize: number;
  helmIndexMaxSize: number;
  helmChartMaxSize: number;
}

export function storageRef(kind: string, object: SourceObject) {
  return { kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name };
}

const defaultTimeoutMs = 60_000;

/** A signal for one fetch: the reconcile's own, cut at `spec.timeout` (Flux's default 60s). */
export function fetchSignal(signal: AbortSignal, timeout: string | undefined): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeout ? parseDuration(timeout) : defaultTimeoutMs)]);
}
