import { parseLenientVersion, rangeNamesPrerelease, toNodeRange } from '@driftless/oci';
import semver, { type SemVer } from 'semver';
import { ChartNotFoundError, ChartReferenceError, ChartVersionNotFoundError } from './helm-errors.js';
import type { ChartVersionEntry, HelmIndex } from './repository-index.js';

/**
 * Picks the chart version the way Flux's `ChartRepository.GetChartVersion` does: an exact version string wins;
 * otherwise the highest SemVer in the range (empty or `*`: the latest stable, pre-releases excluded); among
 * versions that differ only in build metadata, the most recently created.
 */
export function selectChartVersion(
  index: HelmIndex,
  chart: string,
  versionRange: string | undefined,
): ChartVersionEntry {
  const versions = index.entries[chart];
  if (versions === undefined) throw new ChartNotFoundError(chart);
  const wanted = (versionRange ?? '').trim();
  if (versions.length === 0) throw new ChartVersionNotFoundError(chart, wanted || '*');

  if (wanted !== '') {
    const exact = versions.find((v) => v.version === wanted);
    if (exact) return exact;
  }
  const matches = matching(versions, wanted === '' ? '*' : wanted);
  if (matches.length === 0) throw new ChartVersionNotFoundError(chart, wanted || '*');
  matches.sort((a, b) => semver.rcompare(a.parsed, b.parsed) || createdTime(b.entry) - createdTime(a.entry));
  return matches[0].entry;
}

function matching(versions: ChartVersionEntry[], wanted: string): { entry: ChartVersionEntry; parsed: SemVer }[] {
  const range = parseRange(wanted);
  const includePrerelease = rangeNamesPrerelease(wanted);
  const out: { entry: ChartVersionEntry; parsed: SemVer }[] = [];
  for (const entry of versions) {
    const parsed = parseLenientVersion(entry.version);
    if (parsed && range.test(parsed) && (includePrerelease || parsed.prerelease.length === 0)) {
      out.push({ entry, parsed });
    }
  }
  return out;
}

function parseRange(wanted: string): semver.Range {
  try {
    return new semver.Range(toNodeRange(wanted), { includePrerelease: true });
  } catch (err) {
    throw new ChartReferenceError(`invalid version range '${wanted}'`, { cause: err });
  }
}

function createdTime(entry: ChartVersionEntry): number {
  const time = typeof entry.created === 'string' ? Date.parse(entry.created) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}
