import { RE2JS } from 're2js';
import { expandTemplate, type Submatches } from './go-expand.js';
import { PolicyError, type TagSelection } from './policy-types.js';

/** A compiled `spec.filterTags`. */
export interface TagFilter {
  readonly pattern: string;
  /** Value to compare → original tag, for the tags the pattern matches (a later tag wins a shared value, as in Flux). */
  candidates(tags: readonly string[]): Map<string, string>;
}

type FilterTags = NonNullable<TagSelection['filterTags']>;

/** Compiles the pattern as a Go (RE2) regular expression; throws `InvalidPolicy` when it is not one. */
export function compileTagFilter(filterTags: FilterTags): TagFilter {
  const pattern = filterTags.pattern ?? '';
  const extract = filterTags.extract ?? '';
  const regex = compilePattern(pattern);
  return {
    pattern,
    candidates: (tags) => {
      const found = new Map<string, string>();
      for (const tag of tags) {
        const match = submatches(regex, tag);
        if (match !== undefined) found.set(extract === '' ? tag : expandTemplate(extract, match), tag);
      }
      return found;
    },
  };
}

function compilePattern(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PolicyError(
      'InvalidPolicy',
      `invalid filterTags: pattern '${pattern}' is not a valid regular expression: ${reason}`,
    );
  }
}

function submatches(regex: RE2JS, tag: string): Submatches | undefined {
  const matcher = regex.matcher(tag);
  if (!matcher.find()) return undefined;
  const groups: (string | undefined)[] = [];
  for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
  return { groups, names: regex.namedGroups() };
}
