import { describe, expect, it } from 'vitest';
import { formatScalar, isSafePlain, ScalarStyle } from './scalar-style.js';

describe('formatScalar', () => {
  it.each([
    [ScalarStyle.Plain, 'ghcr.io/org/app:v1.2.3', 'ghcr.io/org/app:v1.2.3'],
    [ScalarStyle.Plain, '5.0.3', '5.0.3'],
    [ScalarStyle.Plain, `sha256:${'0'.repeat(64)}`, `sha256:${'0'.repeat(64)}`],
    [ScalarStyle.Plain, '1.10', '"1.10"'],
    [ScalarStyle.Plain, '10', '"10"'],
    [ScalarStyle.Plain, 'yes', '"yes"'],
    [ScalarStyle.Plain, 'y', '"y"'],
    [ScalarStyle.Plain, '1:20', '"1:20"'],
    [ScalarStyle.Plain, '0755', '"0755"'],
    [ScalarStyle.Plain, 'null', '"null"'],
    [ScalarStyle.Plain, '2024-01-02', '"2024-01-02"'],
    [ScalarStyle.Plain, '', '""'],
    [ScalarStyle.Plain, '*latest', '"*latest"'],
    [ScalarStyle.Plain, 'a #b', '"a #b"'],
    [ScalarStyle.Plain, 'a: b', '"a: b"'],
    [ScalarStyle.SingleQuoted, "it's", "'it''s'"],
    [ScalarStyle.SingleQuoted, 'v1', "'v1'"],
    [ScalarStyle.SingleQuoted, 'tab\there', '"tab\\there"'],
    [ScalarStyle.DoubleQuoted, 'say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
    [ScalarStyle.DoubleQuoted, '1.10', '"1.10"'],
  ])('writes %s %j as %s', (style, value, expected) => {
    expect(formatScalar(value, style, false)).toBe(expected);
  });

  it('quotes flow indicators only inside flow collections', () => {
    expect(formatScalar('a,b', ScalarStyle.Plain, false)).toBe('a,b');
    expect(formatScalar('a,b', ScalarStyle.Plain, true)).toBe('"a,b"');
    expect(isSafePlain('-x', false)).toBe(true);
    expect(isSafePlain('-[', true)).toBe(false);
  });
});
