import { type Policer, policerFromSpec } from './policer.js';
import { PolicyError, type TagSelection } from './policy-types.js';
import { compileTagFilter, type TagFilter } from './tag-filter.js';

/** Checks `spec.policy` and `spec.filterTags` without any tags; throws `PolicyError` (`InvalidPolicy`). */
export function validateSelection(selection: TagSelection): void {
  policerFromSpec(selection.policy);
  if (selection.filterTags) compileTagFilter(selection.filterTags);
}

/**
 * Chooses the latest of `tags` the way Flux's ImagePolicy does: filter (and extract), order by the policy,
 * and return the original tag. Throws `PolicyError`: `InvalidPolicy` for a bad spec, `NoMatchingTag` when
 * no tag qualifies (or a numerical policy meets a value that is not a number).
 */
export function selectLatestTag(tags: readonly string[], selection: TagSelection): string {
  const policer = policerFromSpec(selection.policy);
  const filter = selection.filterTags ? compileTagFilter(selection.filterTags) : undefined;
  const candidates = filter ? filter.candidates(tags) : new Map(tags.map((tag) => [tag, tag]));
  const latest = candidates.size === 0 ? undefined : policer.latest([...candidates.keys()]);
  const tag = latest === undefined ? undefined : candidates.get(latest);
  if (tag === undefined) throw noMatchingTag(policer, tags.length, filter, candidates.size);
  return tag;
}

function noMatchingTag(policer: Policer, total: number, filter: TagFilter | undefined, matched: number): PolicyError {
  const considered = `${total} ${total === 1 ? 'tag' : 'tags'} considered`;
  const filtered = filter ? `, ${matched} matched filter pattern '${filter.pattern}'` : '';
  return new PolicyError('NoMatchingTag', `no tag selected by the ${policer.description}: ${considered}${filtered}`);
}
