import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HelmCredentials } from './helm-credentials.js';
import { ChartBuildReason, ChartPullError, HelmUrlError } from './helm-errors.js';
import { helmGet, parseHttpUrl, redact } from './helm-http.js';
import type { ChartVersionEntry } from './repository-index.js';

/** Flux's `--helm-chart-max-size` default (10 MiB, source-controller 0.19.0 release notes). */
export const defaultChartMaxBytes = 10 * 1024 * 1024;

export interface DownloadChartOptions {
  /** The HelmRepository `.spec.url`: base of relative chart URLs and the host basic auth is meant for. */
  repositoryUrl: string;
  entry: ChartVersionEntry;
  credentials: HelmCredentials;
  /** Send basic auth to chart URLs on other hosts too (`.spec.passCredentials`). */
  passCredentials: boolean;
  signal: AbortSignal;
  maxBytes: number;
  /** Written atomically (temp file + rename in the same directory). */
  destFile: string;
}

export function defaultDownloadChartOptions(): Pick<
  DownloadChartOptions,
  'credentials' | 'passCredentials' | 'maxBytes'
> {
  return { credentials: {}, passCredentials: false, maxBytes: defaultChartMaxBytes };
}

/**
 * Helm's `repo.ResolveReferenceURL`: an absolute chart URL is used as is; a relative one resolves against the
 * repository URL with a trailing slash, and the result carries the repository URL's query.
 */
export function resolveChartUrl(repositoryUrl: string, chartUrl: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(chartUrl)) return chartUrl;
  const base = parseHttpUrl(repositoryUrl);
  base.pathname = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  let resolved: URL;
  try {
    resolved = new URL(chartUrl, base);
  } catch (err) {
    throw new HelmUrlError(`invalid chart URL '${chartUrl}'`, { cause: err });
  }
  resolved.search = base.search;
  return resolved.toString();
}

/** Downloads the first URL of the entry (as Flux does) to `destFile`. */
export async function downloadChart(
  options: Pick<DownloadChartOptions, 'repositoryUrl' | 'entry' | 'signal' | 'destFile'> &
    Partial<DownloadChartOptions>,
): Promise<void> {
  const opts = { ...defaultDownloadChartOptions(), ...options };
  const ref = opts.entry.urls[0];
  if (ref === undefined || ref === '') {
    throw new ChartPullError(`chart '${opts.entry.name}' has no downloadable URLs`);
  }
  const url = resolveChartUrl(opts.repositoryUrl, ref);
  const bytes = await helmGet({
    url,
    credentials: opts.credentials,
    credentialsFor: opts.repositoryUrl,
    passCredentials: opts.passCredentials,
    signal: opts.signal,
    maxBytes: opts.maxBytes,
    reason: ChartBuildReason.ChartPullError,
    what: 'chart',
  });
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new ChartPullError(`downloaded chart from ${redact(url)} is not a gzip archive`);
  }
  const temp = join(dirname(opts.destFile), `.download-${randomBytes(6).toString('hex')}.tgz`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, opts.destFile);
  } catch (err) {
    await rm(temp, { force: true });
    throw new ChartPullError(`failed to write chart to ${opts.destFile}`, { cause: err });
  }
}
