import { formatValue, quote as goQuote } from './go-fmt.js';
import { isNil, isSpace, simpleCase, strval } from './sprig-values.js';

export function repeat(count: number, text: string): string {
  if (count < 0) throw new Error('strings: negative Repeat count');
  return text.repeat(count);
}

export const toUpper = (text: string) => Array.from(text, (c) => simpleCase(c, true)).join('');
export const toLower = (text: string) => Array.from(text, (c) => simpleCase(c, false)).join('');

export function trimSpace(text: string): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && isSpace(chars[start])) start++;
  while (end > start && isSpace(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** strings.Trim: drops leading and trailing runes found in cutset. */
export function trimAll(cutset: string, text: string): string {
  const cut = new Set(Array.from(cutset));
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start])) start++;
  while (end > start && cut.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** strings.Title: the first letter after a space, punctuation or symbol (`o'neil` → `O'Neil`, `_` joins words). */
export function title(text: string): string {
  const isSeparator = (char: string) => {
    if (/^[0-9A-Za-z_]$/.test(char)) return false;
    if (char.codePointAt(0)! <= 0x7f) return true;
    if (/^[\p{L}\p{Nd}]$/u.test(char)) return false;
    return isSpace(char);
  };
  let previous = ' ';
  return Array.from(text, (char) => {
    const out = isSeparator(previous) ? simpleCase(char, true) : char;
    previous = char;
    return out;
  }).join('');
}

/** goutils.Uncapitalize: lower-cases the first rune of each space-separated word. */
export function untitle(text: string): string {
  let next = true;
  return Array.from(text, (char) => {
    if (isSpace(char)) {
      next = true;
      return char;
    }
    const out = next ? simpleCase(char, false) : char;
    next = false;
    return out;
  }).join('');
}

/** strings.Replace(src, old, new, -1); an empty old inserts new around every rune. */
export function replace(old: string, replacement: string, text: string): string {
  if (old !== '') return text.split(old).join(replacement);
  return replacement + Array.from(text, (char) => char + replacement).join('');
}

export function indent(spaces: number, text: string): string {
  const pad = repeat(spaces, ' ');
  return pad + text.replaceAll('\n', `\n${pad}`);
}

export const quote = (...values: unknown[]) =>
  values
    .filter((v) => !isNil(v))
    .map((v) => goQuote(strval(v)))
    .join(' ');
export const squote = (...values: unknown[]) =>
  values
    .filter((v) => !isNil(v))
    .map((v) => `'${formatValue(v, { verb: 'v' })}'`)
    .join(' ');
export const cat = (...values: unknown[]) =>
  values
    .filter((v) => !isNil(v))
    .map((v) => formatValue(v, { verb: 'v' }))
    .join(' ');
