import { SourceReason } from '@driftless/api';

/** Base of every OCI error; `reason` is the Flux condition reason the reconciler reports. */
export class OciError extends Error {
  readonly reason: SourceReason;
  constructor(message: string, reason: SourceReason, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OciError';
    this.reason = reason;
  }
}

/** `spec.url` is not `oci://<host>[:port]/<repository>` (Flux stalls on this). */
export class OciUrlInvalidError extends OciError {
  readonly url: string;
  constructor(url: string, detail: string) {
    super(`invalid OCI URL ${JSON.stringify(url)}: ${detail}`, SourceReason.URLInvalid);
    this.name = 'OciUrlInvalidError';
    this.url = url;
  }
}

/** The registry rejected the credentials (or asked for some and none were given), or the docker config is unusable. */
export class OciAuthenticationError extends OciError {
  readonly registry: string;
  readonly status: number | undefined;
  constructor(registry: string, detail: string, options?: ErrorOptions & { status?: number }) {
    super(`authentication to ${registry} failed: ${detail}`, SourceReason.AuthenticationFailed, options);
    this.name = 'OciAuthenticationError';
    this.registry = registry;
    this.status = options?.status;
  }
}

/**
 * A registry request failed: unreachable, timed out, or a non-2xx answer. `status` is the HTTP status and `code` the
 * first OCI error code of the body (`MANIFEST_UNKNOWN`, `NAME_UNKNOWN`, …) when there was one.
 */
export class OciRequestError extends OciError {
  readonly url: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  constructor(url: string, detail: string, options?: ErrorOptions & { status?: number; code?: string }) {
    super(`${url}: ${detail}`, SourceReason.OCIPullFailed, options);
    this.name = 'OciRequestError';
    this.url = url;
    this.status = options?.status;
    this.code = options?.code;
  }
}

/** A manifest or blob is larger than allowed (announced or while streaming). */
export class OciTooLargeError extends OciError {
  readonly limit: number;
  readonly size: number;
  constructor(subject: string, limit: number, size: number) {
    super(`${subject} is too large: ${size} bytes, the limit is ${limit} bytes`, SourceReason.OCIPullFailed);
    this.name = 'OciTooLargeError';
    this.limit = limit;
    this.size = size;
  }
}

/** Content from the registry does not hash to (or is not the size of) the descriptor that named it. */
export class OciDigestMismatchError extends OciError {
  readonly expected: string;
  readonly actual: string;
  constructor(subject: string, expected: string, actual: string) {
    super(`${subject}: expected ${expected}, got ${actual}`, SourceReason.OCIPullFailed);
    this.name = 'OciDigestMismatchError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** A manifest the registry returned is not valid JSON of a supported media type. */
export class OciManifestError extends OciError {
  constructor(subject: string, detail: string, options?: ErrorOptions) {
    super(`${subject}: ${detail}`, SourceReason.OCIPullFailed, options);
    this.name = 'OciManifestError';
  }
}

/** `spec.ref` could not be turned into a tag: invalid SemVer range or filter, or no tag matched. */
export class OciReferenceError extends OciError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, SourceReason.ReadOperationFailed, options);
    this.name = 'OciReferenceError';
  }
}

/** The selected layer is missing or could not be extracted/copied. */
export class OciLayerError extends OciError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, SourceReason.OCILayerOperationFailed, options);
    this.name = 'OciLayerError';
  }
}

/** A Helm chart could not be resolved or pulled from an OCI HelmRepository. */
export class HelmOciChartError extends OciError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, SourceReason.ChartPullFailed, options);
    this.name = 'HelmOciChartError';
  }
}
