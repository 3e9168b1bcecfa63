import { describe, expect, it } from 'vitest';
import type { TagSelection } from './policy-types.js';
import { selectLatestTag, validateSelection } from './select-latest-tag.js';

const spec = (value: unknown): TagSelection => value as TagSelection;

describe('validateSelection', () => {
  it.each([
    ['no policy kind', { policy: {} }, 'none is set'],
    ['an invalid semver range', { policy: { semver: { range: '1.0.0p' } } }, "range '1.0.0p'"],
    ['an empty semver range', { policy: { semver: { range: '' } } }, "range ''"],
    ['a missing semver range', { policy: { semver: {} } }, "range ''"],
    ['an invalid alphabetical order', { policy: { alphabetical: { order: 'up' } } }, "alphabetical order 'up'"],
    ['an invalid numerical order', { policy: { numerical: { order: 'down' } } }, "numerical order 'down'"],
    ['an invalid pattern', { policy: { numerical: {} }, filterTags: { pattern: '^main-(' } }, "pattern '^main-('"],
    ['a pattern Go rejects', { policy: { numerical: {} }, filterTags: { pattern: '(?=x)' } }, 'Perl syntax'],
  ])('rejects %s as InvalidPolicy', (_name, selection, detail) => {
    const expected = expect.objectContaining({ reason: 'InvalidPolicy', message: expect.stringContaining(detail) });
    expect(() => validateSelection(spec(selection))).toThrow(expected);
    expect(() => selectLatestTag(['1.0.0'], spec(selection))).toThrow(expected);
  });

  it.each([
    ['semver', { policy: { semver: { range: '>=1.0.0 <2.0.0' } } }],
    ['alphabetical with RE2 named groups', { policy: { alphabetical: {} }, filterTags: { pattern: '(?P<ts>\\d+)' } }],
    ['numerical with an empty filter', { policy: { numerical: { order: 'desc' } }, filterTags: {} }],
  ])('accepts %s', (_name, selection) => {
    expect(() => validateSelection(spec(selection))).not.toThrow();
  });
});

describe('selectLatestTag: NoMatchingTag', () => {
  it('names the semver range and the number of tags', () => {
    expect(() => selectLatestTag(['1.2.0', 'latest'], spec({ policy: { semver: { range: '1.0.x' } } }))).toThrow(
      expect.objectContaining({
        name: 'PolicyError',
        reason: 'NoMatchingTag',
        message: "no tag selected by the semver policy (range '1.0.x'): 2 tags considered",
      }),
    );
  });

  it('names the filter pattern and how many tags it let through', () => {
    const selection = spec({ policy: { semver: { range: '>=2.0.0' } }, filterTags: { pattern: '^v(?P<v>.*)-rc' } });
    expect(() => selectLatestTag(['v1.0.0-rc', 'v1.1.0-rc', 'v3.0.0'], selection)).toThrow(
      expect.objectContaining({
        reason: 'NoMatchingTag',
        message:
          "no tag selected by the semver policy (range '>=2.0.0'): 3 tags considered, 2 matched filter pattern '^v(?P<v>.*)-rc'",
      }),
    );
  });

  it.each([
    ['alphabetical', { policy: { alphabetical: { order: 'desc' } } }, 'alphabetical policy (order desc)'],
    ['numerical', { policy: { numerical: {} } }, 'numerical policy (order asc)'],
  ])('fails with no tags at all (%s)', (_name, selection, description) => {
    expect(() => selectLatestTag([], spec(selection))).toThrow(
      expect.objectContaining({
        reason: 'NoMatchingTag',
        message: `no tag selected by the ${description}: 0 tags considered`,
      }),
    );
  });

  it('fails when the filter matches nothing', () => {
    const selection = spec({ policy: { numerical: {} }, filterTags: { pattern: '^main-', extract: '$1' } });
    expect(() => selectLatestTag(['v1', 'v2'], selection)).toThrow(
      expect.objectContaining({
        reason: 'NoMatchingTag',
        message: expect.stringContaining("0 matched filter pattern '^main-'"),
      }),
    );
  });

  it('fails with one tag, in the singular', () => {
    expect(() => selectLatestTag(['nope'], spec({ policy: { semver: { range: '*' } } }))).toThrow(
      expect.objectContaining({ message: expect.stringContaining(': 1 tag considered') }),
    );
  });
});
