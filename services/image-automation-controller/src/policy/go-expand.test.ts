// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the cases are Go templates, where ${name} is a group reference
import { describe, expect, it } from 'vitest';
import { expandTemplate, type Submatches } from './go-expand.js';

// Match of `(?P<first>a+)-(?P<second_2>b+)(x)?-(?P<ünï>c)` against `aa-bbb-c`.
const match: Submatches = {
  groups: ['aa-bbb-c', 'aa', 'bbb', undefined, 'c'],
  names: { first: 1, second_2: 2, ünï: 4 },
};

describe('expandTemplate (Go Regexp.Expand)', () => {
  it.each([
    ['$1', 'aa'],
    ['$0', 'aa-bbb-c'],
    ['${1}', 'aa'],
    ['$first', 'aa'],
    ['${first}', 'aa'],
    ['$second_2', 'bbb'],
    ['$ünï', 'c'],
    ['$first-$2', 'aa-bbb'],
    ['${first}x', 'aax'],
    ['$firstx', ''],
    ['$1x', ''],
    ['${1}x', 'aax'],
    ['$01', ''],
    ['$3', ''],
    ['$9', ''],
    ['$nope', ''],
    ['$constructor', ''],
    ['$$', '$'],
    ['$$1', '$1'],
    ['a$', 'a$'],
    ['$-', '$-'],
    ['${first', '${first'],
    ['${}', '${}'],
    ['v$1.$2', 'vaa.bbb'],
    ['no refs', 'no refs'],
    ['', ''],
  ])('expands %j to %j', (template, expected) => {
    expect(expandTemplate(template, match)).toBe(expected);
  });
});
