import { describe, expect, it } from 'vitest';
import { parseFluxConstraint, parseTagVersion } from './semver-range.js';

function matches(range: string, tag: string): boolean {
  const constraint = parseFluxConstraint(range);
  const version = parseTagVersion(tag);
  if (constraint === undefined || version === undefined) throw new Error(`bad test input ${range} / ${tag}`);
  return constraint.test(version);
}

describe('parseTagVersion (fluxcd/pkg version.ParseVersion)', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    ['v2025.07.03', '2025.7.3'],
    ['v1.2.0-x.Y.0+metadata', '1.2.0-x.Y.0'],
    ['v1.2.3-rc1-with-hypen', '1.2.3-rc1-with-hypen'],
    ['1.2-rc.1', '1.2.0-rc.1'],
  ])('reads %j as %s', (tag, version) => {
    expect(parseTagVersion(tag)?.version).toBe(version);
  });

  it.each([
    'v1.0',
    'v1',
    '1.2',
    'v1.2.beta',
    'v1.2-5',
    'v1.2-beta5',
    '\nv1.2.3',
    ' 1.2.3',
    'v1.2.3.4',
    'V1.2.3',
    '1.0.0p',
  ])('rejects %j', (tag) => {
    expect(parseTagVersion(tag)).toBeUndefined();
  });
});

describe('parseFluxConstraint (Masterminds constraints)', () => {
  it.each([
    '1.0.x',
    '^1.0',
    '=1.0.0',
    '~1.0',
    '>=1.0',
    '>0,<2.0',
    '>=1.0.0 <2.0.0',
    '1.x',
    '^1.x-0',
    '*',
    '1.2.3 - 2.0.0',
  ])('accepts %j', (range) => {
    expect(parseFluxConstraint(range)).toBeDefined();
  });

  it.each(['1.0.0p', '1x', 'x1', '-1', 'a', '', '  ', '1.0.0 ||', '|| 2.0.0'])('rejects %j', (range) => {
    expect(parseFluxConstraint(range)).toBeUndefined();
  });

  it.each([
    ['>=1.0.0 <2.0.0', '1.9.9', true],
    ['>=1.0.0 <2.0.0', '2.0.0', false],
    ['>=1.0, <2.0', '1.5.0', true],
    ['>=1.0, <2.0', '2.1.0', false],
    ['~1.2', '1.2.9', true],
    ['~1.2', '1.3.0', false],
    ['^1.2', '1.9.0', true],
    ['^1.2', '2.0.0', false],
    ['1.x', '1.7.0', true],
    ['<1.0.0 || >=3.0.0', '3.1.0', true],
    ['<1.0.0 || >=3.0.0', '2.0.0', false],
    ['>=1.0.0', '1.1.0-rc.1', false],
    ['>=1.0.0-0', '1.1.0-rc.1', true],
    ['>=1.0.0-0 <2.0.0', '1.5.0-beta', true],
    ['^1.x-0', '1.5.0-rc.1', true],
    ['^1.x-0', '1.0.0-0', true],
    ['^1.x-0', '2.0.0-rc.1', false],
    ['~1.2.x-0', '1.2.5-rc.1', true],
    ['~1.2.x-0', '1.3.0-rc.1', false],
    // Masterminds decides pre-releases per `||` alternative.
    ['>=1.0.0-0 <2.0.0 || >=3.0.0', '1.5.0-beta', true],
    ['>=1.0.0-0 <2.0.0 || >=3.0.0', '3.1.0-beta', false],
  ])('%j with %j gives %s', (range, tag, expected) => {
    expect(matches(range, tag)).toBe(expected);
  });
});
