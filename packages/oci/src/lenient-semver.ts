import semver, { type SemVer } from 'semver';

// Masterminds/semver `NewVersion` (used by Helm and Flux) accepts a `v` prefix and a missing minor/patch.
const lenientVersion =
  /^v?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Parses a version the way Helm does; `undefined` when it is not (lenient) SemVer. */
export function parseLenientVersion(version: string): SemVer | undefined {
  const m = lenientVersion.exec(version.trim());
  if (!m) return undefined;
  const [, major, minor, patch, pre, build] = m;
  const normalised = `${major}.${minor ?? '0'}.${patch ?? '0'}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}`;
  return semver.parse(normalised) ?? undefined;
}

/** Masterminds constraint syntax differs a little: `,` means AND. */
export function toNodeRange(range: string): string {
  return range
    .split('||')
    .map((part) => part.replace(/,/g, ' ').trim())
    .join(' || ');
}

/** Masterminds lets a range match pre-releases only when the range itself names one. */
export function rangeNamesPrerelease(range: string): boolean {
  return /\d+(?:\.\d+){0,2}-[0-9A-Za-z]/.test(range.replace(/\s+-\s+/g, ' '));
}
