import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';

/** Flux's default `spec.exclusionList`: cosign signature tags. */
export const defaultExclusionList: readonly string[] = ['^.*\\.sig$'];

/** How many tags `status.lastScanResult.latestTags` holds. */
export const latestTagsCount = 10;

/** A pattern of `spec.exclusionList` is not a valid Go (RE2) regular expression. */
export class ExclusionListError extends Error {
  override name = 'ExclusionListError';
  readonly pattern: string;

  constructor(pattern: string, options?: ErrorOptions) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`failed to compile exclusion regex ${pattern}${detail}`, options);
    this.pattern = pattern;
  }
}

/** Compiles every pattern first, so one bad pattern fails the scan before any tag is dropped. */
export function compileExclusionList(patterns: readonly string[]): RE2JS[] {
  return patterns.map((pattern) => {
    try {
      return RE2JS.compile(pattern);
    } catch (error) {
      throw new ExclusionListError(pattern, { cause: error });
    }
  });
}

/** Drops the tags any pattern matches anywhere in the tag (Go's `MatchString`, not anchored). */
export function excludeTags(tags: readonly string[], patterns: readonly RE2JS[]): string[] {
  return tags.filter((tag) => !patterns.some((pattern) => pattern.test(tag)));
}

/** Byte-wise descending, as Go's `strings.Compare` (tags are ASCII). */
function descending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/**
 * Flux's `lastScanResult.revision`: sha256 of the tag list as the controller stores it, sorted descending with one
 * tag per line, so the same set of tags gives the same revision whatever order the registry lists them in.
 */
export function tagListRevision(tags: readonly string[]): string {
  const lines = [...tags]
    .sort(descending)
    .map((tag) => `${tag}\n`)
    .join('');
  return `sha256:${createHash('sha256').update(lines, 'utf8').digest('hex')}`;
}

/** Flux's `lastScanResult.latestTags`: the first tags in descending order. */
export function latestTags(tags: readonly string[]): string[] {
  return [...tags].sort(descending).slice(0, latestTagsCount);
}
