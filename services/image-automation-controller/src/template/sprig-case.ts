import { isSpace, simpleCase } from './sprig-values.js';

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
export function joinLowerWords(text: string, connector: string): string {
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
export function camelcase(text: string): string {
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
