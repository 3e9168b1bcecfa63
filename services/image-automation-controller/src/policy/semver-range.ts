import { parseConstraint, parseLenientVersion, type SemverConstraint } from '@driftless/oci';
import type { SemVer } from 'semver';

/** A Masterminds constraint: `||` alternatives, each deciding for itself whether pre-releases may match. */
export interface FluxConstraint {
  test(version: SemVer): boolean;
}

/** Parses a Masterminds constraint (`,` = AND, `||` = OR); `undefined` when Masterminds would reject it. */
export function parseFluxConstraint(range: string): FluxConstraint | undefined {
  const alternatives: SemverConstraint[] = [];
  for (const group of range.split('||')) {
    // node-semver reads a blank alternative as `*`; Masterminds rejects it.
    if (group.trim() === '') return undefined;
    const constraint = parseConstraint(rewriteWildcardPrerelease(group));
    if (constraint === undefined) return undefined;
    alternatives.push(constraint);
  }
  return { test: (version) => alternatives.some((c) => c.range.test(version)) };
}

const wildcardPrerelease =
  /(?<![\w.])(>=|<=|=>|=<|[<>]|\^|~>?|=)?\s*v?(\d+)\.(?:([xX*])(?:\.[xX*])?|(\d+)\.[xX*])(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)/g;

/**
 * Masterminds reads `1.x-0` as `1.0.0-0` with a wildcard; node-semver rejects it. Rewrites it to the
 * bounds Masterminds applies, e.g. `^1.x-0` → `>=1.0.0-0 <2.0.0-0` (Flux's docs use that range).
 */
function rewriteWildcardPrerelease(group: string): string {
  return group.replace(
    wildcardPrerelease,
    (_all, op: string | undefined, major: string, minorX, minor, pre: string) => {
      const M = Number(major);
      const m = minorX === undefined ? Number(minor) : 0;
      const base = `${M}.${m}.0${pre}`;
      if (op === undefined || op === '=' || op.startsWith('~') || op === '^') {
        const upper = minorX !== undefined || (op === '^' && M > 0) ? `${M + 1}.0.0-0` : `${M}.${m + 1}.0-0`;
        return `>=${base} <${upper}`;
      }
      return `${op}${base}`;
    },
  );
}

/**
 * fluxcd/pkg `version.ParseVersion`: at least three dot-separated parts, then Masterminds `NewVersion`
 * (optional `v`, leading zeros allowed in major.minor.patch, e.g. `v2025.07.03`).
 */
export function parseTagVersion(tag: string): SemVer | undefined {
  if (tag.split('.').length < 3 || tag.trim() !== tag) return undefined;
  const core = /^(v?)(\d+)((?:\.\d+){0,2})(.*)$/s.exec(tag);
  if (!core) return undefined;
  const numbers = [core[2], ...core[3].split('.').slice(1)].map((n) => n.replace(/^0+(?=\d)/, ''));
  return parseLenientVersion(`${core[1]}${numbers.join('.')}${core[4]}`);
}
