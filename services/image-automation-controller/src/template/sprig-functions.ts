import { createHash } from 'node:crypto';
import type { GoFunction, GoFunctionSpec } from './go-eval.js';
import { formatValue, quote as goQuote } from './go-fmt.js';
import { GoFloat, goTyped, kindOf, numberOf, structFields, typeNameOf } from './go-value.js';

/*
 * Sprig v3's HermeticTxtFuncMap (the functions Flux gives commit message templates), limited to those a commit
 * message plausibly uses. Argument order is Sprig's (the piped value comes last). Go's string functions work on
 * UTF-8 bytes, so byte-indexed ones run on a "binary" string (one char per byte) and decode the result.
 */

const nilPointer = 'runtime error: invalid memory address or nil pointer dereference';
const bytesOf = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const textOf = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');
const isNil = (value: unknown) => value === undefined || value === null;

function wrongType(expected: string, value: unknown): Error {
  if (isNil(value)) return new Error(`invalid value; expected ${expected}`);
  return new Error(`wrong type for value; expected ${expected}; got ${typeNameOf(value)}`);
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  throw wrongType('string', value);
}

function int(value: unknown): number {
  if (kindOf(value) === 'int') return Number(value);
  throw wrongType('int', value);
}

function bool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw wrongType('bool', value);
}

/** Sprig's strval: strings as they are, Stringers through String(), the rest as fmt's %v. */
function strval(value: unknown): string {
  return typeof value === 'string' ? value : formatValue(value ?? null, { verb: 'v' });
}

function repeat(count: number, text: string): string {
  if (count < 0) throw new Error('strings: negative Repeat count');
  return text.repeat(count);
}

/** Go's unicode.IsSpace. */
const goSpace = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const isSpace = (char: string) => goSpace.test(char);
/** Bytes that goutils mistakes for spaces when it reads a string byte by byte. */
const isSpaceByte = (code: number) => (code >= 9 && code <= 13) || code === 32 || code === 0x85 || code === 0xa0;

/** Go maps one rune to one rune; where JS would expand (ß → SS), the rune stays. */
function simpleCase(char: string, upper: boolean): string {
  const mapped = upper ? char.toUpperCase() : char.toLowerCase();
  return [...mapped].length === 1 ? mapped : char;
}
const toUpper = (text: string) => Array.from(text, (c) => simpleCase(c, true)).join('');
const toLower = (text: string) => Array.from(text, (c) => simpleCase(c, false)).join('');

function trimSpace(text: string): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && isSpace(chars[start])) start++;
  while (end > start && isSpace(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** strings.Trim: drops leading and trailing runes found in cutset. */
function trimAll(cutset: string, text: string): string {
  const cut = new Set(Array.from(cutset));
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start])) start++;
  while (end > start && cut.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** strings.Title: the first letter after a space, punctuation or symbol (`o'neil` → `O'Neil`, `_` joins words). */
function title(text: string): string {
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
function untitle(text: string): string {
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

/** goutils.Initials reads bytes: the first byte of each word, written as the rune of that byte value. */
function initials(text: string): string {
  let out = '';
  let gap = true;
  for (const code of Buffer.from(text, 'utf8')) {
    if (isSpaceByte(code)) gap = true;
    else if (gap) {
      out += String.fromCodePoint(code);
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace, byte by byte like the original. */
function nospace(text: string): string {
  const kept = Buffer.from(text, 'utf8').filter((code) => !isSpaceByte(code));
  return kept.length === Buffer.byteLength(text) ? text : Buffer.from(kept).toString('utf8');
}

/** goutils.AbbreviateFull on bytes; Sprig drops its errors, leaving "". */
function abbreviateFull(bytes: string, start: number, maxWidth: number): string {
  if (bytes === '') return '';
  if (maxWidth < 4) return '';
  if (bytes.length <= maxWidth) return bytes;
  let offset = Math.min(start, bytes.length);
  if (bytes.length - offset < maxWidth - 3) offset = bytes.length - (maxWidth - 3);
  if (offset <= 4) return `${bytes.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < bytes.length) return `...${abbreviateFull(bytes.slice(offset), 0, maxWidth - 3)}`;
  return `...${bytes.slice(bytes.length - (maxWidth - 3))}`;
}

const abbrev = (width: number, text: string) => (width < 4 ? text : textOf(abbreviateFull(bytesOf(text), 0, width)));

function abbrevboth(left: number, right: number, text: string): string {
  if (right < 4 || (left > 0 && right < 7)) return text;
  return textOf(abbreviateFull(bytesOf(text), left, right));
}

/** goutils.WrapCustom on bytes: breaks at the last space within the limit; long words split only when asked. */
function wrapCustom(text: string, limit: number, newline: string, wrapLongWords: boolean): string {
  if (text === '') return '';
  const bytes = bytesOf(text);
  const width = Math.max(limit, 1);
  const lineBreak = bytesOf(newline || '\n');
  let out = '';
  let offset = 0;
  while (bytes.length - offset > width) {
    if (bytes[offset] === ' ') {
      offset++;
      continue;
    }
    const space = bytes.slice(offset, width + offset + 1).lastIndexOf(' ');
    if (space >= 0) {
      out += bytes.slice(offset, offset + space) + lineBreak;
      offset += space + 1;
    } else if (wrapLongWords) {
      out += bytes.slice(offset, offset + width) + lineBreak;
      offset += width;
    } else {
      const next = bytes.indexOf(' ', offset + width);
      if (next < 0) {
        out += bytes.slice(offset);
        offset = bytes.length;
      } else {
        out += bytes.slice(offset, next) + lineBreak;
        offset = next + 1;
      }
    }
  }
  return textOf(out + bytes.slice(offset));
}

/** Go's s[from:to] on bytes, with Go's panic for bad bounds. */
function sliceBytes(bytes: string, from: number, to: number): string {
  if (to < 0) throw new Error(`runtime error: slice bounds out of range [:${to}]`);
  if (to > bytes.length)
    throw new Error(`runtime error: slice bounds out of range [:${to}] with length ${bytes.length}`);
  if (from < 0 || from > to) throw new Error(`runtime error: slice bounds out of range [${from}:${to}]`);
  return bytes.slice(from, to);
}

function substr(start: number, end: number, text: string): string {
  const bytes = bytesOf(text);
  if (start < 0) return textOf(sliceBytes(bytes, 0, end));
  if (end < 0 || end > bytes.length) return textOf(sliceBytes(bytes, start, bytes.length));
  return textOf(sliceBytes(bytes, start, end));
}

function trunc(count: number, text: string): string {
  const bytes = bytesOf(text);
  if (count < 0 && bytes.length + count > 0) return textOf(bytes.slice(bytes.length + count));
  if (count >= 0 && bytes.length > count) return textOf(bytes.slice(0, count));
  return text;
}

/** strings.Replace(src, old, new, -1); an empty old inserts new around every rune. */
function replace(old: string, replacement: string, text: string): string {
  if (old !== '') return text.split(old).join(replacement);
  return replacement + Array.from(text, (char) => char + replacement).join('');
}

function splitList(separator: string, text: string): string[] {
  return goTyped('[]string', separator === '' ? Array.from(text) : text.split(separator));
}

function indent(spaces: number, text: string): string {
  const pad = repeat(spaces, ' ');
  return pad + text.replaceAll('\n', `\n${pad}`);
}

const quote = (...values: unknown[]) =>
  values
    .filter((v) => !isNil(v))
    .map((v) => goQuote(strval(v)))
    .join(' ');
const squote = (...values: unknown[]) =>
  values
    .filter((v) => !isNil(v))
    .map((v) => `'${formatValue(v, { verb: 'v' })}'`)
    .join(' ');
const cat = (...values: unknown[]) =>
  values
    .filter((v) => !isNil(v))
    .map((v) => formatValue(v, { verb: 'v' }))
    .join(' ');

const sha = (algorithm: string) => (text: unknown) => createHash(algorithm).update(str(text), 'utf8').digest('hex');

function adler32sum(text: string): string {
  let a = 1;
  let b = 0;
  for (const code of Buffer.from(text, 'utf8')) {
    a = (a + code) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

const base64Alphabet = new Set(Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'));

/** Where Go's base64.StdEncoding decoder reports the input corrupt, if it does. */
function base64ErrorOffset(src: Buffer): number | undefined {
  const isNewline = (i: number) => src[i] === 0x0a || src[i] === 0x0d;
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) return j === 0 ? undefined : si - j;
      const code = src[si++];
      if (base64Alphabet.has(code)) continue;
      if (isNewline(si - 1)) {
        j--;
        continue;
      }
      if (code !== 0x3d || j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(si)) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(si)) si++;
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

/** Sprig returns the decoding error's text in place of the result. */
function b64dec(text: string): string {
  const offset = base64ErrorOffset(Buffer.from(text, 'utf8'));
  if (offset !== undefined) return `illegal base64 data at input byte ${offset}`;
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64').toString('utf8');
}

/* huandu/xstrings v1.5 (Sprig v3.3): snakecase, kebabcase and camelcase. */

const isConnector = (char: string) => char === '-' || char === '_' || isSpace(char);
const isUpper = (char: string) => /^\p{Lu}$/u.test(char);
const isNumber = (char: string) => /^\p{N}$/u.test(char);
const isPunct = (char: string) => /^\p{P}$/u.test(char);
/** A letter, but not a CJK ideograph. */
function isAlphabet(char: string): boolean {
  if (!/^\p{L}$/u.test(char)) return false;
  const code = char.codePointAt(0)!;
  const cjk =
    (code >= 0x4e00 && code <= 0x9fcc) || (code >= 0x3400 && code <= 0x4d85) || (code >= 0x20000 && code <= 0x2b81d);
  return !cjk;
}

type WordType = 'end' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';
interface Word {
  type: WordType;
  text: string;
  next: number;
}

function upperWordEnd(chars: string[], from: number): number {
  let end = from;
  if (end >= chars.length) return end;
  if (isUpper(chars[end])) {
    while (end < chars.length && isUpper(chars[end])) end++;
    // "HTTPStatus" is "HTTP" then "Status".
    return end < chars.length && isAlphabet(chars[end]) ? end - 1 : end;
  }
  while (end < chars.length && isAlphabet(chars[end]) && !isUpper(chars[end])) end++;
  return end;
}

function nextWord(chars: string[], start: number): Word {
  if (start >= chars.length) return { type: 'end', text: '', next: start };
  const first = chars[start];
  const run = (type: WordType, same: (char: string) => boolean): Word => {
    let end = start + 1;
    while (end < chars.length && same(chars[end])) end++;
    return { type, text: chars.slice(start, end).join(''), next: end };
  };
  if (isConnector(first)) return run('connector', isConnector);
  if (isPunct(first)) return run('punct', isPunct);
  if (isUpper(first)) {
    const end = upperWordEnd(chars, start + 1);
    return { type: 'upper', text: chars.slice(start, end).join(''), next: end };
  }
  if (isAlphabet(first)) return run('alphabet', (c) => isAlphabet(c) && !isUpper(c));
  if (isNumber(first)) return run('number', isNumber);
  return run('other', (c) => !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
}

function lowerWord(word: Word, connector: string): string {
  if (word.type !== 'upper' && word.type !== 'connector') return word.text;
  return Array.from(word.text, (c) => (isConnector(c) ? connector : isUpper(c) ? simpleCase(c, false) : c)).join('');
}

/** xstrings' camelCaseToLowerCase: words joined by the connector; digits stick to the word they follow. */
function joinLowerWords(text: string, connector: string): string {
  const chars = Array.from(text);
  let out = '';
  let word: Word = nextWord(chars, 0);
  const type = (): WordType => word.type;
  const advance = () => {
    word = nextWord(chars, word.next);
  };
  const joinable = (type: WordType) => type !== 'end' && type !== 'connector' && type !== 'punct';
  const takeAlphanumerics = () => {
    while (word.type === 'alphabet' || word.type === 'number') {
      out += lowerWord(word, connector);
      advance();
    }
    if (joinable(word.type)) out += connector;
  };
  while (word.next < chars.length) {
    if (word.type !== 'connector') out += lowerWord(word, connector);
    const previous = word;
    advance();
    if (previous.type === 'number') takeAlphanumerics();
    else if (previous.type === 'connector') out += lowerWord(previous, connector);
    else if (previous.type === 'punct') continue;
    else if (word.type !== 'number') {
      if (word.type !== 'connector' && word.type !== 'punct') out += connector;
    } else if (word.next < chars.length) {
      const digits = word;
      advance();
      if (type() !== 'alphabet') {
        out += digits.text;
        if (type() !== 'connector' && type() !== 'punct') out += connector;
      } else {
        out += connector + digits.text;
        takeAlphanumerics();
      }
    }
  }
  return out + lowerWord(word, connector);
}

/** xstrings.ToCamelCase (lower camel case since v1.4): `http_server` → `httpServer`. */
function camelcase(text: string): string {
  const chars = Array.from(text);
  if (chars.length === 0) return '';
  let out = '';
  let i = 0;
  let current = '';
  let firstUpper = false;
  while (i < chars.length) {
    current = chars[i++];
    if (!isConnector(current)) {
      firstUpper = isUpper(current);
      current = simpleCase(current, false);
      break;
    }
    out += current;
  }
  // xstrings writes the last rune again here, so "_" becomes "__".
  if (i === chars.length) return out + current;
  for (; i < chars.length; i++) {
    const previous = current;
    current = chars[i];
    if (isConnector(current) && isConnector(previous)) {
      out += previous;
      continue;
    }
    if (isConnector(previous)) {
      firstUpper = isUpper(current);
      current = simpleCase(current, true);
    } else {
      if (firstUpper && isUpper(current)) current = simpleCase(current, false);
      else firstUpper = false;
      out += previous;
    }
  }
  return out + (firstUpper ? simpleCase(current, false) : current);
}

/* Lists: Sprig takes any slice and returns []interface{}. */

function reflectKind(value: unknown): string {
  const kind = kindOf(value);
  return kind === 'float' ? 'float64' : kind;
}

function sequence(value: unknown, action: string): unknown[] {
  if (isNil(value)) throw new Error(nilPointer);
  if (Array.isArray(value)) return value;
  throw new Error(`Cannot ${action} on type ${reflectKind(value)}`);
}

/** Go's reflect.DeepEqual for template values: same Go type and equal contents. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (kindOf(a) !== kindOf(b) || typeNameOf(a) !== typeNameOf(b)) return false;
  switch (kindOf(a)) {
    case 'slice': {
      const [x, y] = [a as unknown[], b as unknown[]];
      return x.length === y.length && x.every((item, i) => deepEqual(item, y[i]));
    }
    case 'map': {
      const [x, y] = [a as Map<unknown, unknown>, b as Map<unknown, unknown>];
      return x.size === y.size && [...x].every(([k, v]) => y.has(k) && deepEqual(v, y.get(k)));
    }
    case 'struct': {
      const [x, y] = [structFields(a as object), structFields(b as object)];
      return x.length === y.length && x.every(([name, v], i) => name === y[i][0] && deepEqual(v, y[i][1]));
    }
    case 'func':
      return false;
    default:
      return numberOrSelf(a) === numberOrSelf(b);
  }
}

const numberOrSelf = (value: unknown) => (value instanceof GoFloat ? value.value : value);
const inList = (list: unknown[], item: unknown) => list.some((candidate) => deepEqual(item, candidate));

function uniq(list: unknown): unknown[] {
  const out: unknown[] = [];
  for (const item of sequence(list, 'find uniq')) if (!inList(out, item)) out.push(item);
  return out;
}

/** Sprig's strslice: a slice as strings (nil elements dropped), anything else as one string. */
function strslice(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => !isNil(item)).map(strval);
  return isNil(value) ? [] : [strval(value)];
}

function sortAlpha(value: unknown): string[] {
  const strings = Array.isArray(value) ? strslice(value) : [strval(value)];
  return goTyped(
    '[]string',
    strings.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
  );
}

const listFunctions: [string, GoFunction, number, boolean?][] = [
  ['list', (...items) => items.map((item) => item ?? null), 0, true],
  ['append', (list, item) => [...sequence(list, 'push'), item ?? null], 2],
  ['prepend', (list, item) => [item ?? null, ...sequence(list, 'prepend')], 2],
  ['first', (list) => sequence(list, 'find first')[0] ?? null, 1],
  ['last', (list) => sequence(list, 'find last').at(-1) ?? null, 1],
  ['rest', (list) => sequence(list, 'find rest').slice(1), 1],
  ['initial', (list) => sequence(list, 'find initial').slice(0, -1), 1],
  ['reverse', (list) => [...sequence(list, 'find reverse')].reverse(), 1],
  ['compact', (list) => sequence(list, 'compact').filter((item) => !empty(item)), 1],
  ['uniq', uniq, 1],
  ['without', (list, ...omit) => sequence(list, 'find without').filter((item) => !inList(omit, item)), 1, true],
  ['has', (needle, list) => !isNil(list) && inList(sequence(list, 'find has'), needle ?? null), 2],
  ['join', (separator, list) => strslice(list).join(str(separator)), 2],
  ['splitList', (separator, text) => splitList(str(separator), str(text)), 2],
  ['sortAlpha', sortAlpha, 1],
];

/* Dicts: Sprig's parameters are map[string]interface{}, so other map types do not convert. */

const dictType = 'map[string]interface {}';

function dictOf(value: unknown): Map<string, unknown> {
  if (value instanceof Map && typeNameOf(value) === dictType) return value as Map<string, unknown>;
  if (value === null) return new Map();
  throw wrongType(dictType, value);
}

function dict(...pairs: unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (let i = 0; i < pairs.length; i += 2) out.set(strval(pairs[i]), i + 1 < pairs.length ? pairs[i + 1] : '');
  return out;
}

function set(map: unknown, key: unknown, value: unknown): Map<string, unknown> {
  if (map === null) throw new Error('assignment to entry in nil map');
  return dictOf(map).set(str(key), value ?? null);
}

const dictFunctions: [string, GoFunction, number, boolean?][] = [
  ['dict', dict, 0, true],
  ['get', (map, key) => (dictOf(map).has(str(key)) ? dictOf(map).get(str(key)) : ''), 2],
  ['set', set, 3],
  ['hasKey', (map, key) => dictOf(map).has(str(key)), 2],
  [
    'keys',
    (...maps) =>
      goTyped(
        '[]string',
        maps.flatMap((map) => [...dictOf(map).keys()].sort()),
      ),
    0,
    true,
  ],
  [
    'pluck',
    (key, ...maps) => maps.map(dictOf).flatMap((map) => (map.has(str(key)) ? [map.get(str(key))] : [])),
    1,
    true,
  ],
];

/* Defaults and logic. */

/** Sprig's empty: the zero value of its type; structs are never empty. */
function empty(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return true;
    case 'bool':
      return value === false;
    case 'int':
    case 'float':
      return numberOf(value) === 0;
    case 'string':
      return (value as string).length === 0;
    case 'slice':
      return (value as unknown[]).length === 0;
    case 'map':
      return (value as Map<unknown, unknown>).size === 0;
    default:
      return false;
  }
}

const logicFunctions: [string, GoFunction, number, boolean?][] = [
  ['default', (fallback, ...given) => (given.length === 0 || empty(given[0]) ? fallback : given[0]), 1, true],
  ['empty', empty, 1],
  ['coalesce', (...values) => values.find((value) => !empty(value)) ?? null, 0, true],
  ['ternary', (whenTrue, whenFalse, condition) => (bool(condition) ? whenTrue : whenFalse), 3],
];

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

const numberFunctions: [string, GoFunction, number, boolean?][] = [
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

const stringFunctions: [string, GoFunction, number, boolean?][] = [
  ['abbrev', (width, text) => abbrev(int(width), str(text)), 2],
  ['abbrevboth', (left, right, text) => abbrevboth(int(left), int(right), str(text)), 3],
  ['trunc', (count, text) => trunc(int(count), str(text)), 2],
  ['trim', (text) => trimSpace(str(text)), 1],
  ['upper', (text) => toUpper(str(text)), 1],
  ['lower', (text) => toLower(str(text)), 1],
  ['title', (text) => title(str(text)), 1],
  ['untitle', (text) => untitle(str(text)), 1],
  ['substr', (start, end, text) => substr(int(start), int(end), str(text)), 3],
  ['repeat', (count, text) => repeat(int(count), str(text)), 2],
  ['trimAll', (cutset, text) => trimAll(str(cutset), str(text)), 2],
  [
    'trimSuffix',
    (suffix, text) =>
      str(text).endsWith(str(suffix)) ? str(text).slice(0, -str(suffix).length || undefined) : str(text),
    2,
  ],
  [
    'trimPrefix',
    (prefix, text) => (str(text).startsWith(str(prefix)) ? str(text).slice(str(prefix).length) : str(text)),
    2,
  ],
  ['nospace', (text) => nospace(str(text)), 1],
  ['initials', (text) => initials(str(text)), 1],
  ['snakecase', (text) => joinLowerWords(str(text), '_'), 1],
  ['kebabcase', (text) => joinLowerWords(str(text), '-'), 1],
  ['camelcase', (text) => camelcase(str(text)), 1],
  ['wrap', (width, text) => wrapCustom(str(text), int(width), '', false), 2],
  ['wrapWith', (width, separator, text) => wrapCustom(str(text), int(width), str(separator), true), 3],
  ['contains', (part, text) => str(text).includes(str(part)), 2],
  ['hasPrefix', (prefix, text) => str(text).startsWith(str(prefix)), 2],
  ['hasSuffix', (suffix, text) => str(text).endsWith(str(suffix)), 2],
  ['quote', quote, 0, true],
  ['squote', squote, 0, true],
  ['cat', cat, 0, true],
  ['indent', (spaces, text) => indent(int(spaces), str(text)), 2],
  ['nindent', (spaces, text) => `\n${indent(int(spaces), str(text))}`, 2],
  ['replace', (old, replacement, text) => replace(str(old), str(replacement), str(text)), 3],
  ['plural', (one, many, count) => (int(count) === 1 ? str(one) : str(many)), 3],
  ['sha1sum', sha('sha1'), 1],
  ['sha256sum', sha('sha256'), 1],
  ['adler32sum', (text) => adler32sum(str(text)), 1],
  ['toString', strval, 1],
  ['b64enc', (text) => Buffer.from(str(text), 'utf8').toString('base64'), 1],
  ['b64dec', (text) => b64dec(str(text)), 1],
];

/**
 * Sprig functions of Flux's `sprig.HermeticTxtFuncMap()` for commit message templates (nothing reading the clock,
 * the environment or randomness). Pass as `parseTemplate(name, text, { functions: sprigFunctions })`.
 */
export const sprigFunctions: ReadonlyMap<string, GoFunctionSpec> = new Map(
  [...stringFunctions, ...listFunctions, ...dictFunctions, ...logicFunctions, ...numberFunctions].map(
    ([name, fn, params, variadic]) => [name, variadic ? { fn, params, variadic } : { fn, params }],
  ),
);
