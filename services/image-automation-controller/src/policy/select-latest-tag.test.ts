import { describe, expect, it } from 'vitest';
import type { TagSelection } from './policy-types.js';
import { selectLatestTag } from './select-latest-tag.js';

const semver = (range: string, filterTags?: TagSelection['filterTags']): TagSelection => ({
  policy: { semver: { range } },
  filterTags,
});
const alphabetical = (order?: 'asc' | 'desc', filterTags?: TagSelection['filterTags']): TagSelection => ({
  policy: { alphabetical: { order } },
  filterTags,
});
const numerical = (order?: 'asc' | 'desc', filterTags?: TagSelection['filterTags']): TagSelection => ({
  policy: { numerical: { order } },
  filterTags,
});

describe('selectLatestTag: semver', () => {
  it.each([
    ['highest in range', ['1.0.0', '1.0.0.1', '1.0.0p', '1.0.1', '1.2.0', '0.1.0'], '1.0.x', '1.0.1'],
    ['keeps the v prefix', ['v1.2.3', 'v1.0.0', 'v0.1.0'], '1.0.x', 'v1.0.0'],
    ['skips tags that are not versions', ['latest', 'main-abc', '1.2', '1.4.0', 'v1.5.0-bad.01'], '>=1.0.0', '1.4.0'],
    ['comma means AND', ['1.0.0', '1.9.0', '2.0.0'], '>=1.0, <2.0', '1.9.0'],
    ['|| means OR', ['0.9.0', '2.5.0', '3.1.0'], '<1.0.0 || ~2.5', '2.5.0'],
    ['first of equal versions wins', ['v1.2.3', '1.2.3', '1.2.3+build'], '^1.0', 'v1.2.3'],
    ['leading zeros (calendar versions)', ['v2025.02.10', 'v2025.10.01', 'v2025.09.30'], '>=2025.0.0', 'v2025.10.01'],
    ['ignores pre-releases by default', ['1.0.0', '1.1.0-rc.1', '1.0.1'], '>=1.0.0', '1.0.1'],
    ['takes pre-releases when the range names one', ['1.0.0', '1.1.0-rc.1', '1.0.1'], '>=1.0.0-0', '1.1.0-rc.1'],
    ['orders pre-releases', ['1.0.0-rc.2', '1.0.0-rc.10', '1.0.0-beta'], '>=1.0.0-0', '1.0.0-rc.10'],
  ])('%s', (_name, tags, range, expected) => {
    expect(selectLatestTag(tags, semver(range))).toBe(expected);
  });

  it('Flux docs: latest release candidate with pattern .*-rc.* and range ^1.x-0', () => {
    const tags = ['1.0.0', '1.1.0', '1.2.0-rc.1', '1.2.0-rc.2', '1.3.0-beta.1', '2.0.0-rc.1'];
    expect(selectLatestTag(tags, semver('^1.x-0', { pattern: '.*-rc.*' }))).toBe('1.2.0-rc.2');
  });

  it('compares the extracted version and returns the original tag', () => {
    const tags = ['v1.2.3-rc', 'v1.10.0-rc', 'v1.9.0-rc', 'v2.0.0', 'v3.0.0-beta-rc'];
    expect(selectLatestTag(tags, semver('>=1.0.0', { pattern: '^v(?P<v>.*)-rc', extract: '$v' }))).toBe('v1.10.0-rc');
  });

  it('extracts with a numbered group and braces', () => {
    const tags = ['app-1.2.0-linux', 'app-1.3.0-linux', 'app-9.0.0-windows'];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go template, where ${1} is group 1
    const selection = semver('^1.0.0', { pattern: '^app-(\\d+\\.\\d+\\.\\d+)-linux$', extract: '${1}' });
    expect(selectLatestTag(tags, selection)).toBe('app-1.3.0-linux');
  });
});

describe('selectLatestTag: alphabetical', () => {
  it.each([
    ['asc picks the last', ['b', 'c', 'a'], 'asc', 'c'],
    ['asc is the default', ['b', 'c', 'a'], undefined, 'c'],
    ['desc picks the first', ['b', 'c', 'a'], 'desc', 'a'],
    ['byte-wise: upper case sorts before lower case', ['Zulu', 'alpha'], 'asc', 'alpha'],
    ['byte-wise: digits compare as text', ['9', '10'], 'asc', '9'],
    [
      'RFC 3339 timestamps',
      ['2021-01-08T19-22-12Z', '2021-01-08T20-02-11Z', '2020-12-31T23-59-59Z'],
      'asc',
      '2021-01-08T20-02-11Z',
    ],
  ] as const)('%s', (_name, tags, order, expected) => {
    expect(selectLatestTag(tags, alphabetical(order))).toBe(expected);
  });

  it('accepts the order in any case, as Flux upper-cases it', () => {
    const selection = { policy: { alphabetical: { order: 'DESC' } } } as unknown as TagSelection;
    expect(selectLatestTag(['b', 'a'], selection)).toBe('a');
  });

  it('Flux docs: minio RELEASE.<timestamp> with extract $timestamp', () => {
    const tags = [
      'RELEASE.2021-01-30T00-20-58Z',
      'RELEASE.2021-02-01T22-56-52Z',
      'RELEASE.2020-12-31T23-59-59Z',
      'latest',
    ];
    const selection = alphabetical('asc', { pattern: '^RELEASE\\.(?P<timestamp>.*)Z$', extract: '$timestamp' });
    expect(selectLatestTag(tags, selection)).toBe('RELEASE.2021-02-01T22-56-52Z');
  });

  it('filters without extract', () => {
    expect(selectLatestTag(['ver1', 'ver3', 'rel9', 'ver2'], alphabetical('asc', { pattern: '^ver' }))).toBe('ver3');
  });

  it('a later tag wins an extracted value it shares with an earlier one', () => {
    const selection = alphabetical('asc', { pattern: '^(?:a|b)-(\\d)', extract: '$1' });
    expect(selectLatestTag(['a-1', 'a-2', 'b-2'], selection)).toBe('b-2');
  });
});

describe('selectLatestTag: numerical', () => {
  it.each([
    ['asc picks the largest', ['-62', '-88', '73', '72', '15', '16', '15', '29', '-33', '-91'], 'asc', '73'],
    ['asc is the default', ['5', '40', '7'], undefined, '40'],
    ['desc picks the smallest', ['5', '-8', '-78', '25', '70'], 'desc', '-78'],
    ['floats', ['47.40896403322944', '53.47333823144817', '-27.8520927455902'], 'asc', '53.47333823144817'],
    ['unix timestamps', ['1606234201', '1606364286', '1606334092'], 'asc', '1606364286'],
    ['exponents', ['1e3', '999', '2e2'], 'asc', '1e3'],
    ['on a tie the later tag wins', ['1', '1.0', '01'], 'asc', '01'],
  ] as const)('%s', (_name, tags, order, expected) => {
    expect(selectLatestTag(tags, numerical(order))).toBe(expected);
  });

  it('Flux docs: main-<sha>-<timestamp> with extract $ts', () => {
    const tags = [
      'main-9bd2ec5e-1611243400',
      'main-ab13c7e4-1611245600',
      'main-0df7a1c2-1611244500',
      'latest',
      'v1.0.0',
    ];
    const selection = numerical('asc', { pattern: '^main-[a-fA-F0-9]+-(?P<ts>.*)', extract: '$ts' });
    expect(selectLatestTag(tags, selection)).toBe('main-ab13c7e4-1611245600');
  });

  it('fails on a tag that is not a number, as Flux does, rather than skipping it', () => {
    expect(() => selectLatestTag(['0', '1a', 'b'], numerical('asc'))).toThrow(
      expect.objectContaining({
        name: 'PolicyError',
        reason: 'NoMatchingTag',
        message: expect.stringContaining("'1a'"),
      }),
    );
  });

  it('fails on an extracted value that is not a number', () => {
    const selection = numerical('asc', { pattern: '^build-(.*)$', extract: '$1' });
    expect(() => selectLatestTag(['build-12', 'build-1.0.0'], selection)).toThrow(
      expect.objectContaining({ reason: 'NoMatchingTag', message: expect.stringContaining("'1.0.0'") }),
    );
  });
});
