import { describe, expect, it } from 'vitest';
import { parseRefspec, pushDestination, pushOptionList } from './push-plan.js';

describe('pushDestination', () => {
  it.each([
    [{}, { kind: 'branch', branch: 'main', switched: false }],
    [{ branch: '' }, { kind: 'branch', branch: 'main', switched: false }],
    [{ branch: 'main' }, { kind: 'branch', branch: 'main', switched: false }],
    [{ branch: 'auto' }, { kind: 'branch', branch: 'auto', switched: true }],
    [{ branchPrefix: 'flux/' }, { kind: 'prefix', prefix: 'flux/' }],
  ])('%j → %j', (push, expected) => {
    expect(pushDestination(push, 'main')).toEqual(expected);
  });
});

describe('parseRefspec', () => {
  it.each([
    ['refs/heads/main:refs/heads/auto', { src: 'refs/heads/main', dst: 'refs/heads/auto' }],
    ['HEAD:refs/for/main', { src: 'HEAD', dst: 'refs/for/main' }],
    ['main:auto', { src: 'main', dst: 'refs/heads/auto' }],
    ['main', { src: 'main', dst: 'refs/heads/main' }],
  ])('%s', (refspec, expected) => {
    expect(parseRefspec(refspec)).toEqual(expected);
  });

  it.each(['+refs/heads/main:refs/heads/auto', ':refs/heads/auto', 'main:', 'a:b:c'])('refuses %s', (refspec) => {
    expect(() => parseRefspec(refspec)).toThrow(expect.objectContaining({ name: 'GitUpdateConfigError' }));
  });
});

describe('pushOptionList', () => {
  it('sorts the options and writes each as key=value', () => {
    expect(pushOptionList({ 'merge_request.target': 'release', 'merge_request.create': '' })).toEqual([
      'merge_request.create=',
      'merge_request.target=release',
    ]);
    expect(pushOptionList(undefined)).toEqual([]);
  });
});
