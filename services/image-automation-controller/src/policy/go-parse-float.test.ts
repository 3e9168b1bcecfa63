import { describe, expect, it } from 'vitest';
import { parseGoFloat } from './go-parse-float.js';

describe('parseGoFloat (Go strconv.ParseFloat)', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-62', -62],
    ['+7', 7],
    ['1606364286', 1606364286],
    ['3.25', 3.25],
    ['.5', 0.5],
    ['5.', 5],
    ['007', 7],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['2.5e+2', 250],
    ['1_000', 1000],
    ['1_000.000_5', 1000.0005],
    ['0x10p0', 16],
    ['0x1.8p1', 3],
    ['-0x.8p1', -1],
    ['0x_1p4', 16],
    ['1e-400', 0],
  ])('reads %j as %d', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  it.each([
    ['inf', Infinity],
    ['+Inf', Infinity],
    ['-infinity', -Infinity],
    ['INFINITY', Infinity],
  ])('reads the special value %j', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  it('reads NaN in any case, but not with a sign', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
    expect(parseGoFloat('nan')).toBeNaN();
    expect(parseGoFloat('+nan')).toBeUndefined();
  });

  it.each([
    '',
    '1.0.0',
    '1a',
    'b',
    'v1',
    '.',
    'e3',
    '1e',
    '1e+',
    ' 1',
    '1 ',
    '_1',
    '1_',
    '1__0',
    '1_.5',
    '1._5',
    '0x10',
    '0xp1',
    '0x',
    '0b101',
    'infin',
    'infinityy',
    '1e400',
    '-1e400',
    '0x1p2000',
    '١٢',
  ])('rejects %j', (text) => {
    expect(parseGoFloat(text)).toBeUndefined();
  });
});
