import semver, { type SemVer } from 'semver';

const strictSemver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Masterminds `StrictNewVersion`: full `MAJOR.MINOR.PATCH[-pre][+build]`, no `v` (Helm's OCI chart tags). */
export function parseStrictVersion(version: string): SemVer | undefined {
  return strictSemver.test(version) ? (semver.parse(version) ?? undefined) : undefined;
}

/** fluxcd/pkg `version.ParseVersion`: strict SemVer that may start with `v` (OCIRepository tags). */
export function parseFluxVersion(version: string): SemVer | undefined {
  return parseStrictVersion(version.startsWith('v') ? version.slice(1) : version);
}

export interface SemverConstraint {
  readonly range: semver.Range;
  /** Masterminds matches pre-releases whenever the constraint names one; node-semver needs this flag for that. */
  readonly includePrerelease: boolean;
}

/** Parses a Masterminds constraint (`,` means AND) into a node-semver range; `undefined` when it is invalid. */
export function parseConstraint(constraint: string): SemverConstraint | undefined {
  const normalized = constraint
    .split('||')
    .map((part) => part.replace(/,/g, ' ').trim())
    .join(' || ');
  const includePrerelease = /\d(?:\.(?:\d+|[xX*])){0,2}-[0-9A-Za-z]/.test(normalized.replace(/\s+-\s+/g, ' '));
  try {
    return { range: new semver.Range(normalized, { includePrerelease }), includePrerelease };
  } catch {
    return undefined;
  }
}

export interface VersionedTag {
  readonly tag: string;
  readonly version: SemVer;
}

/** The highest of `tags` that satisfies `constraint`, or `undefined`. */
export function highestMatching(tags: readonly VersionedTag[], constraint: SemverConstraint): VersionedTag | undefined {
  let best: VersionedTag | undefined;
  for (const candidate of tags) {
    if (!constraint.range.test(candidate.version)) continue;
    if (best === undefined || semver.gt(candidate.version, best.version)) best = candidate;
  }
  return best;
}
