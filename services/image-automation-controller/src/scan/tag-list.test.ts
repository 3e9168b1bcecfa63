import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compileExclusionList,
  defaultExclusionList,
  ExclusionListError,
  excludeTags,
  latestTags,
  tagListRevision,
} from './tag-list.js';

describe('exclusion list', () => {
  it('drops cosign signature tags by default and keeps the rest in order', () => {
    const tags = ['v1', 'sha256-abc.sig', 'v2', 'v2.sig.bak', 'sig'];
    expect(excludeTags(tags, compileExclusionList(defaultExclusionList))).toEqual(['v1', 'v2', 'v2.sig.bak', 'sig']);
  });

  it('matches anywhere in the tag, like Go regexp.MatchString', () => {
    const tags = ['1.0.2', '11.0.21', '1.1.1', 'v1.0.0-rc', 'main'];
    expect(excludeTags(tags, compileExclusionList(['1.0.2', '1.1.1|1.0.0']))).toEqual(['main']);
  });

  it('accepts RE2 syntax JavaScript lacks, such as \\z and (?i)', () => {
    expect(excludeTags(['Dev-1', 'prod', 'x.sig'], compileExclusionList(['(?i)^dev', '\\.sig\\z']))).toEqual(['prod']);
  });

  it.each(['[', '(?<=a)b', 'a**'])('rejects the invalid pattern %j, naming it', (pattern) => {
    expect(() => compileExclusionList(['^ok$', pattern])).toThrow(ExclusionListError);
    expect(() => compileExclusionList([pattern])).toThrow(
      `failed to compile exclusion regex ${pattern}: error parsing regexp`,
    );
  });
});

describe('revision and latest tags', () => {
  it('hashes the tags sorted descending, one per line, whatever the listing order', () => {
    const expected = `sha256:${createHash('sha256').update('v3\nv2\nv10\nlatest\n').digest('hex')}`;
    expect(tagListRevision(['v2', 'latest', 'v10', 'v3'])).toBe(expected);
    expect(tagListRevision(['v3', 'v10', 'v2', 'latest'])).toBe(expected);
    expect(tagListRevision(['v3', 'v10', 'v2'])).not.toBe(expected);
  });

  it('hashes an empty list as the empty string', () => {
    expect(tagListRevision([])).toBe(`sha256:${createHash('sha256').update('').digest('hex')}`);
  });

  it('keeps the first ten tags in reverse byte order', () => {
    const tags = Array.from({ length: 12 }, (_, i) => `1.0.${i}`);
    expect(latestTags(tags)).toEqual([
      '1.0.9',
      '1.0.8',
      '1.0.7',
      '1.0.6',
      '1.0.5',
      '1.0.4',
      '1.0.3',
      '1.0.2',
      '1.0.11',
      '1.0.10',
    ]);
    expect(latestTags(['a', 'B', 'c'])).toEqual(['c', 'a', 'B']);
    expect(latestTags([])).toEqual([]);
  });
});
