import type { GoFunction, GoFunctionSpec } from './go-eval.js';
import { abbrev, abbrevboth, initials, nospace, substr, trunc, wrapCustom } from './sprig-byte-strings.js';
import { camelcase, joinLowerWords } from './sprig-case.js';
import { adler32sum, b64dec, sha } from './sprig-encoding.js';
import { dictFunctions, listFunctions } from './sprig-lists.js';
import { logicFunctions } from './sprig-logic.js';
import { numberFunctions } from './sprig-numbers.js';
import {
  cat,
  indent,
  quote,
  repeat,
  replace,
  squote,
  title,
  toLower,
  toUpper,
  trimAll,
  trimSpace,
  untitle,
} from './sprig-strings.js';
import { int, str, strval } from './sprig-values.js';

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
