import type { GoFunction } from './go-eval.js';
import { GoFloat, kindOf, numberOf } from './go-value.js';
import { str } from './sprig-values.js';

/* Numbers: spf13/cast conversions, where anything unconvertible is 0. */

const int64Range = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/** strconv.ParseInt(s, 0, 64): 0x, 0o, 0b and a leading 0 (octal) select the base. */
function parseGoInt(text: string): number | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2];
  const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
  const value = BigInt(octal) * (match[1] === '-' ? -1n : 1n);
  return value < int64Range[0] || value > int64Range[1] ? undefined : Number(value);
}

/** cast's trimZeroDecimal: "5.00" parses as an integer, "5.5" does not. */
const trimZeroDecimal = (text: string) => text.replace(/^(.*\d)\.0+$/, '$1');

function parseGoFloat(text: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

function toInt64(value: unknown): number {
  switch (kindOf(value)) {
    case 'int':
      return Number(value);
    case 'float':
      return Math.trunc(numberOf(value));
    case 'bool':
      return value ? 1 : 0;
    case 'string':
      return parseGoInt(trimZeroDecimal(value as string)) ?? 0;
    default:
      return 0;
  }
}

function toFloat64(value: unknown): number | GoFloat {
  const kind = kindOf(value);
  let result = 0;
  if (kind === 'int' || kind === 'float') result = numberOf(value);
  else if (kind === 'bool') result = value ? 1 : 0;
  else if (kind === 'string') result = parseGoFloat(value as string) ?? 0;
  return Number.isInteger(result) ? new GoFloat(result) : result;
}

function divide(a: unknown, b: unknown, remainder: boolean): number {
  const [x, y] = [toInt64(a), toInt64(b)];
  if (y === 0) throw new Error('runtime error: integer divide by zero');
  return remainder ? x % y : Math.trunc(x / y);
}

export const numberFunctions: [string, GoFunction, number, boolean?][] = [
  ['atoi', (text) => (/^[+-]?\d+$/.test(str(text)) ? (parseGoInt(String(Number(text))) ?? 0) : 0), 1],
  ['int', toInt64, 1],
  ['int64', toInt64, 1],
  ['float64', toFloat64, 1],
  ['add', (...values) => values.reduce<number>((sum, v) => sum + toInt64(v), 0), 0, true],
  ['add1', (value) => toInt64(value) + 1, 1],
  ['sub', (a, b) => toInt64(a) - toInt64(b), 2],
  ['mul', (first, ...values) => values.reduce<number>((product, v) => product * toInt64(v), toInt64(first)), 1, true],
  ['div', (a, b) => divide(a, b, false), 2],
  ['mod', (a, b) => divide(a, b, true), 2],
  ['max', (first, ...values) => Math.max(toInt64(first), ...values.map(toInt64)), 1, true],
  ['min', (first, ...values) => Math.min(toInt64(first), ...values.map(toInt64)), 1, true],
];
