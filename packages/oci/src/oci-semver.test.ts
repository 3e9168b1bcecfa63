import { describe, expect, it } from 'vitest';
import { highestMatching, parseConstraint, parseFluxVersion, parseStrictVersion } from './oci-semver.js';

const tagged = (tags: string[], parse = parseFluxVersion) =>
  tags.flatMap((tag) => {
    const version = parse(tag);
    return version ? [{ tag, version }] : [];
  });

describe('version parsing', () => {
  it.each([
    ['1.2.3', true, true],
    ['v1.2.3', false, true],
    ['1.2', false, false],
    ['1.2.3-rc.1+build.5', true, true],
    ['01.2.3', false, false],
    ['latest', false, false],
  ])('%s strict=%s flux=%s', (tag, strict, flux) => {
    expect(parseStrictVersion(tag) !== undefined).toBe(strict);
    expect(parseFluxVersion(tag) !== undefined).toBe(flux);
  });
});

describe('highestMatching with Masterminds-style constraints', () => {
  const tags = tagged(['6.0.0', 'v6.1.0', '6.1.5', '6.2.0-rc.1', '6.2.0-rc.2', '7.0.0', 'latest', '6.1']);

  it.each([
    ['>=6.0.0 <7.0.0', 'v6.1.0', '6.1.5'],
    ['>= 6.0.0, < 7.0.0', 'comma means AND', '6.1.5'],
    ['6.1.x', 'x-range', '6.1.5'],
    ['~6.1.0', 'tilde', '6.1.5'],
    ['^6', 'caret', '6.1.5'],
    ['*', 'stable only', '7.0.0'],
    ['>= 6.1.x-0', 'a prerelease in the range admits prereleases of any version', '7.0.0'],
    ['>= 6.2.0-0 < 7.0.0', 'prerelease range', '6.2.0-rc.2'],
    ['< 6.0.0 || 6.1.0', 'or', 'v6.1.0'],
  ])('%s (%s) → %s', (range, _why, expected) => {
    const constraint = parseConstraint(range);
    expect(constraint).toBeDefined();
    expect(highestMatching(tags, constraint!)?.tag).toBe(expected);
  });

  it('returns undefined when nothing matches and for invalid constraints', () => {
    expect(highestMatching(tags, parseConstraint('>= 8.0.0')!)).toBeUndefined();
    expect(parseConstraint('not a range')).toBeUndefined();
  });
});
