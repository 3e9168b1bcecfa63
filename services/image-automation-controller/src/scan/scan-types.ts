import type { RegistryCredentials } from '@driftless/oci';

/** An image name split the way Docker and Flux read it. */
export interface ImageName {
  /** `host[:port]`; `docker.io` for Docker Hub names. */
  registry: string;
  /** Path in the registry, e.g. `library/nginx`. */
  repository: string;
  /** `registry/repository`, e.g. `docker.io/library/nginx` (Flux's status.canonicalImageName). */
  canonical: string;
}

/** How to reach a registry (from an ImageRepository's spec and Secrets). */
export interface RegistryAccess {
  credentials: RegistryCredentials;
  /** PEM CA (`ca.crt` of certSecretRef), trusted besides the system roots. */
  caCert?: string;
  /** Plain HTTP (`spec.insecure`). */
  insecure: boolean;
  /** The reconcile's timeout. */
  signal: AbortSignal;
}

/** What a scan found. */
export interface ScanResult {
  /** Every tag not excluded, in the registry's order. */
  tags: string[];
  /** `sha256:<hex>` of the tag list (Flux's lastScanResult.revision). */
  revision: string;
  /** Up to 10 tags, newest first by Flux's rule (reverse sort). */
  latestTags: string[];
}
