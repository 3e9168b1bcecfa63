import { describe, expect, it } from 'vitest';
import { goFloat, goNumber, goQuote, goSyntax } from './go-format.js';

describe('Go value printing', () => {
  it.each([
    [3, '3'],
    [-2, '-2'],
    [1.5, '1.5'],
    [1234567.5, '1.2345675e+06'],
    [0.00001, '1e-05'],
  ])('%v prints %s', (value, text) => {
    expect(goNumber(value)).toBe(text);
  });

  it('prints float bounds like %v', () => {
    expect(goFloat(10)).toBe('10');
    expect(goFloat(1e6)).toBe('1e+06');
  });

  it('quotes like strconv.Quote', () => {
    expect(goQuote('a"b\n\u0001')).toBe('"a\\"b\\n\\x01"');
  });

  it('prints maps and slices like %#v', () => {
    expect(goSyntax({ b: [1, 'x'], a: null })).toBe(
      'map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}',
    );
  });
});
