import semver from 'semver';
import { alphabeticalPolicer, numericalPolicer, parseSortOrder } from './ordered-policers.js';
import { PolicyError, type TagSelection } from './policy-types.js';
import { type FluxConstraint, parseFluxConstraint, parseTagVersion } from './semver-range.js';

/** One of Flux's ways to order tags (internal/policy Policer). */
export interface Policer {
  /** Names the kind and its setting, for messages. */
  readonly description: string;
  /** The latest of `values`, or `undefined` when none qualifies. */
  latest(values: readonly string[]): string | undefined;
}

export const PolicyKind = { SemVer: 'semver', Alphabetical: 'alphabetical', Numerical: 'numerical' } as const;
export type PolicyKind = (typeof PolicyKind)[keyof typeof PolicyKind];

type PolicyChoice = TagSelection['policy'];

/**
 * Builds the policer `spec.policy` names; throws `InvalidPolicy` when none is set. With several, the first of
 * semver, alphabetical, numerical wins, as in Flux (whose manifests must keep working).
 */
export function policerFromSpec(policy: PolicyChoice): Policer {
  if (!Object.values(PolicyKind).some((kind) => policy?.[kind] != null)) {
    throw new PolicyError(
      'InvalidPolicy',
      'invalid policy: one of semver, alphabetical, numerical must be set, none is set',
    );
  }
  if (policy.semver) return semverPolicer(policy.semver.range);
  if (policy.alphabetical)
    return alphabeticalPolicer(parseSortOrder(PolicyKind.Alphabetical, policy.alphabetical.order));
  return numericalPolicer(parseSortOrder(PolicyKind.Numerical, policy.numerical?.order));
}

/** The highest version in the range; tags that are not versions are skipped; the first of equal versions wins. */
export function semverPolicer(range: string | undefined): Policer {
  const constraint = typeof range === 'string' ? parseFluxConstraint(range) : undefined;
  if (constraint === undefined) {
    throw new PolicyError('InvalidPolicy', `invalid policy: semver range '${range ?? ''}' is not a valid constraint`);
  }
  return {
    description: `semver policy (range '${range}')`,
    latest: (values) => highestInRange(values, constraint),
  };
}

function highestInRange(values: readonly string[], constraint: FluxConstraint): string | undefined {
  let best: { value: string; version: semver.SemVer } | undefined;
  for (const value of values) {
    const version = parseTagVersion(value);
    if (version === undefined || !constraint.test(version)) continue;
    if (best === undefined || semver.gt(version, best.version)) best = { value, version };
  }
  return best?.value;
}
