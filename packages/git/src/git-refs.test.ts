import { describe, expect, it } from 'vitest';
import { GitInvalidReferenceError, GitReferenceNotFoundError } from './git-errors.js';
import { type GitReference, parseLsRemote, resolveReference } from './git-refs.js';

const main = 'a'.repeat(40);
const dev = 'b'.repeat(40);
const tagObject = 'c'.repeat(40);
const tagged = 'd'.repeat(40);
const light = 'e'.repeat(40);
const pr = 'f'.repeat(40);
const rc = '1'.repeat(40);
const commit = '2'.repeat(40);

const refs = parseLsRemote(
  [
    `${main}\tHEAD`,
    `${main}\trefs/heads/main`,
    `${dev}\trefs/heads/feature/x`,
    `${tagObject}\trefs/tags/v1.2.0`,
    `${tagged}\trefs/tags/v1.2.0^{}`,
    `${light}\trefs/tags/v1.1.0`,
    `${rc}\trefs/tags/v1.3.0-rc.1`,
    `${light}\trefs/tags/release/v0.9.0`,
    `${pr}\trefs/pull/1/head`,
    'garbage line',
  ].join('\n'),
);

describe('resolveReference', () => {
  it.each<[string, GitReference | undefined, string, readonly string[], boolean]>([
    ['branch', { branch: 'main' }, `main@sha1:${main}`, ['refs/heads/main'], false],
    ['branch with a slash', { branch: 'feature/x' }, `feature/x@sha1:${dev}`, ['refs/heads/feature/x'], false],
    ['lightweight tag', { tag: 'v1.1.0' }, `v1.1.0@sha1:${light}`, ['refs/tags/v1.1.0'], false],
    ['annotated tag, peeled', { tag: 'v1.2.0' }, `v1.2.0@sha1:${tagged}`, ['refs/tags/v1.2.0'], false],
    [
      'tag with a slash',
      { tag: 'release/v0.9.0' },
      `release/v0.9.0@sha1:${light}`,
      ['refs/tags/release/v0.9.0'],
      false,
    ],
    [
      'semver: highest match, no prerelease',
      { semver: '^1.0.0' },
      `v1.2.0@sha1:${tagged}`,
      ['refs/tags/v1.2.0'],
      false,
    ],
    [
      'semver: prerelease when asked',
      { semver: '>=1.3.0-0' },
      `v1.3.0-rc.1@sha1:${rc}`,
      ['refs/tags/v1.3.0-rc.1'],
      false,
    ],
    [
      'semver wins over tag and branch',
      { semver: '1.1.x', tag: 'v1.2.0', branch: 'main' },
      `v1.1.0@sha1:${light}`,
      ['refs/tags/v1.1.0'],
      false,
    ],
    ['tag wins over branch', { tag: 'v1.1.0', branch: 'main' }, `v1.1.0@sha1:${light}`, ['refs/tags/v1.1.0'], false],
    [
      'name: absolute revision',
      { name: 'refs/pull/1/head' },
      `refs/pull/1/head@sha1:${pr}`,
      ['refs/pull/1/head'],
      false,
    ],
    [
      'name of an annotated tag, peeled',
      { name: 'refs/tags/v1.2.0' },
      `refs/tags/v1.2.0@sha1:${tagged}`,
      ['refs/tags/v1.2.0'],
      false,
    ],
    [
      'name wins over semver',
      { name: 'refs/heads/main', semver: '*' },
      `refs/heads/main@sha1:${main}`,
      ['refs/heads/main'],
      false,
    ],
    [
      'commit alone: all branches, full history',
      { commit },
      `sha1:${commit}`,
      ['refs/heads/main', 'refs/heads/feature/x'],
      true,
    ],
    ['commit in a branch', { commit, branch: 'main' }, `main@sha1:${commit}`, ['refs/heads/main'], true],
    [
      'commit with a name',
      { commit, name: 'refs/pull/1/head' },
      `refs/pull/1/head@sha1:${commit}`,
      ['refs/heads/main', 'refs/heads/feature/x', 'refs/pull/1/head'],
      true,
    ],
    [
      'commit wins over tag',
      { commit: commit.toUpperCase(), tag: 'v1.2.0' },
      `sha1:${commit}`,
      ['refs/heads/main', 'refs/heads/feature/x'],
      true,
    ],
  ])('%s', (_name, reference, revision, fetchRefs, fullHistory) => {
    const resolved = resolveReference(refs, reference);
    expect(resolved.revision).toBe(revision);
    expect(resolved.hash).toBe(revision.split('sha1:')[1]);
    expect(resolved.fetch).toEqual({ refs: fetchRefs, fullHistory });
  });

  it('defaults to the master branch like Flux', () => {
    expect(() => resolveReference(refs, undefined)).toThrow(GitReferenceNotFoundError);
    const withMaster = new Map([...refs, ['refs/heads/master', dev]]);
    expect(resolveReference(withMaster, undefined).revision).toBe(`master@sha1:${dev}`);
    expect(resolveReference(withMaster, { branch: '' }).revision).toBe(`master@sha1:${dev}`);
  });

  it.each<[string, GitReference, new (...args: never[]) => Error]>([
    ['missing branch', { branch: 'nope' }, GitReferenceNotFoundError],
    ['missing tag', { tag: 'v9' }, GitReferenceNotFoundError],
    ['semver without a match', { semver: '>=5.0.0' }, GitReferenceNotFoundError],
    ['missing name', { name: 'refs/pull/2/head' }, GitReferenceNotFoundError],
    ['commit in a missing branch', { commit, branch: 'nope' }, GitReferenceNotFoundError],
    ['invalid semver range', { semver: '>=>= x' }, GitInvalidReferenceError],
    ['short commit', { commit: 'abc1234' }, GitInvalidReferenceError],
    ['relative name', { name: 'main' }, GitInvalidReferenceError],
  ])('%s', (_name, reference, ErrorClass) => {
    expect(() => resolveReference(refs, reference)).toThrow(ErrorClass);
  });
});
