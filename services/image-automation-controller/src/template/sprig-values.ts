import { formatValue } from './go-fmt.js';
import { kindOf, typeNameOf } from './go-value.js';

/*
 * Sprig v3's HermeticTxtFuncMap (the functions Flux gives commit message templates), limited to those a commit
 * message plausibly uses. Argument order is Sprig's (the piped value comes last). Go's string functions work on
 * UTF-8 bytes, so byte-indexed ones run on a "binary" string (one char per byte) and decode the result.
 */

export const nilPointer = 'runtime error: invalid memory address or nil pointer dereference';
export const bytesOf = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
export const textOf = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');
export const isNil = (value: unknown) => value === undefined || value === null;

export function wrongType(expected: string, value: unknown): Error {
  if (isNil(value)) return new Error(`invalid value; expected ${expected}`);
  return new Error(`wrong type for value; expected ${expected}; got ${typeNameOf(value)}`);
}

export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  throw wrongType('string', value);
}

export function int(value: unknown): number {
  if (kindOf(value) === 'int') return Number(value);
  throw wrongType('int', value);
}

export function bool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw wrongType('bool', value);
}

/** Sprig's strval: strings as they are, Stringers through String(), the rest as fmt's %v. */
export function strval(value: unknown): string {
  return typeof value === 'string' ? value : formatValue(value ?? null, { verb: 'v' });
}

/** Go's unicode.IsSpace. */
const goSpace = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
export const isSpace = (char: string) => goSpace.test(char);
/** Bytes that goutils mistakes for spaces when it reads a string byte by byte. */
export const isSpaceByte = (code: number) => (code >= 9 && code <= 13) || code === 32 || code === 0x85 || code === 0xa0;

/** Go maps one rune to one rune; where JS would expand (ß → SS), the rune stays. */
export function simpleCase(char: string, upper: boolean): string {
  const mapped = upper ? char.toUpperCase() : char.toLowerCase();
  return [...mapped].length === 1 ? mapped : char;
}
