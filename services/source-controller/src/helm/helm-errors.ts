import { Reason, SourceReason } from '@driftless/api';

/**
 * Reasons of Flux's chart BuildError (internal/helm/chart/errors.go). The HelmChart reconciler puts them on
 * FetchFailed/BuildFailed and Ready; the persistent ones (reference, metadata patch, values files) stall.
 */
export const ChartBuildReason = {
  InvalidChartReference: 'InvalidChartReference',
  ChartPullError: 'ChartPullError',
  MetadataPatchError: 'MetadataPatchError',
  ValuesFilesError: 'ValuesFilesError',
  DependencyBuildError: 'DependencyBuildError',
  ChartPackageError: 'ChartPackageError',
} as const;
export type ChartBuildReason = (typeof ChartBuildReason)[keyof typeof ChartBuildReason];

/** Base of every error of the Helm module. `persistent` errors cannot heal without a spec change (stall). */
export class HelmError extends Error {
  readonly reason: string;
  readonly persistent: boolean;
  constructor(message: string, reason: string, options?: ErrorOptions & { persistent?: boolean }) {
    super(message, options);
    this.name = 'HelmError';
    this.reason = reason;
    this.persistent = options?.persistent ?? false;
  }
}

/** The Secret data for a HelmRepository is unusable (e.g. a username without a password). */
export class HelmCredentialsError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, SourceReason.AuthenticationFailed, options);
    this.name = 'HelmCredentialsError';
  }
}

/** A repository or chart URL that cannot be parsed or has an unsupported scheme. */
export class HelmUrlError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, SourceReason.URLInvalid, { ...options, persistent: true });
    this.name = 'HelmUrlError';
  }
}

/**
 * An HTTP download failed: unreachable, TLS failure, aborted or a non-2xx answer. `reason` is the one Flux
 * reports for the download: `Failed` for the repository index, `ChartPullError` for a chart.
 */
export class HelmFetchError extends HelmError {
  /** The URL without userinfo or query. */
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, reason: string, options?: ErrorOptions & { status?: number }) {
    super(`failed to fetch ${url}: ${message}`, reason, options);
    this.name = 'HelmFetchError';
    this.url = url;
    this.status = options?.status;
  }
}

/** The server answered 401 or 403. */
export class HelmUnauthorizedError extends HelmFetchError {
  constructor(url: string, status: number, reason: string) {
    super(url, `${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}`, reason, { status });
    this.name = 'HelmUnauthorizedError';
  }
}

/** The body is larger than the limit (`--helm-index-max-size` / `--helm-chart-max-size`). */
export class HelmTooLargeError extends HelmFetchError {
  readonly limit: number;
  constructor(url: string, limit: number, what: string, reason: string) {
    super(url, `${what} exceeds the maximum size of ${limit} bytes`, reason);
    this.name = 'HelmTooLargeError';
    this.limit = limit;
  }
}

/** The repository index is not a valid Helm index (bad YAML/JSON, no apiVersion, wrong shape). */
export class HelmIndexError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, SourceReason.IndexationFailed, options);
    this.name = 'HelmIndexError';
  }
}

/** The chart reference cannot be resolved: no such chart, no matching version, or no chart at the path. */
export class ChartReferenceError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ChartBuildReason.InvalidChartReference, { ...options, persistent: true });
    this.name = 'ChartReferenceError';
  }
}

/** The index has no entry for the chart name. */
export class ChartNotFoundError extends ChartReferenceError {
  readonly chart: string;
  constructor(chart: string) {
    super(`no chart name found: '${chart}' is not in the repository index`);
    this.name = 'ChartNotFoundError';
    this.chart = chart;
  }
}

/** The index has the chart, but no version satisfies the range. */
export class ChartVersionNotFoundError extends ChartReferenceError {
  readonly chart: string;
  readonly version: string;
  constructor(chart: string, version: string) {
    super(`no '${chart}' chart with version matching '${version}' found`);
    this.name = 'ChartVersionNotFoundError';
    this.chart = chart;
    this.version = version;
  }
}

/** Downloading or validating a chart archive failed. */
export class ChartPullError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ChartBuildReason.ChartPullError, options);
    this.name = 'ChartPullError';
  }
}

/** The build metadata cannot be set on the chart version (not SemVer, or invalid metadata). */
export class ChartMetadataPatchError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ChartBuildReason.MetadataPatchError, { ...options, persistent: true });
    this.name = 'ChartMetadataPatchError';
  }
}

/** A values file is missing, escapes the source, or is not a YAML map. */
export class ValuesFilesError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ChartBuildReason.ValuesFilesError, { ...options, persistent: true });
    this.name = 'ValuesFilesError';
  }
}

/** A chart dependency cannot be provided (missing local chart, remote repository, version mismatch). */
export class ChartDependencyError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ChartBuildReason.DependencyBuildError, options);
    this.name = 'ChartDependencyError';
  }
}

/** `helm package` (or reading the packaged chart) failed. */
export class ChartPackageError extends HelmError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ChartBuildReason.ChartPackageError, options);
    this.name = 'ChartPackageError';
  }
}

/** The reason Flux uses when fetching a HelmRepository index fails. */
export const indexFetchReason: string = Reason.Failed;

/** The `helm` binary could not run or exited non-zero. `stderr` is helm's own output (it prints no secrets). */
export class HelmCommandError extends HelmError {
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(args: readonly string[], exitCode: number | null, stderr: string, options?: ErrorOptions) {
    const detail = stderr.trim().split('\n').slice(-3).join('; ');
    super(
      `helm ${args[0] ?? ''} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${detail ? `: ${detail}` : ''}`,
      ChartBuildReason.ChartPackageError,
      options,
    );
    this.name = 'HelmCommandError';
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}
