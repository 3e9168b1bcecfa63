import type { Values } from '../release/release.js';
import { setOwn } from './merge-values.js';

/**
 * Helm's `--set` parser (`pkg/strvals`): `name1=value1,name2=value2` with dotted names, list indexes
 * (`a.b[0].c`), `{x,y}` lists and backslash escapes, written into `target` in place. Values are typed as helm
 * types them (true/false/null, integers not starting with 0) unless `asStrings` (`--set-string`).
 */
export function parseSetInto(line: string, target: Values, asStrings: boolean): void {
  const parser = new SetParser(line, asStrings);
  while (!parser.done()) parser.key(target, 0);
}

export class SetSyntaxError extends Error {
  override name = 'SetSyntaxError';
}

const maxIndex = 65536;
const maxNesting = 30;

class SetParser {
  readonly #chars: string[];
  #position = 0;

  constructor(
    line: string,
    readonly asStrings: boolean,
  ) {
    this.#chars = [...line];
  }

  done(): boolean {
    return this.#position >= this.#chars.length;
  }

  key(data: Values, nesting: number): void {
    const { text, stop } = this.#until('=[,.');
    if (stop === undefined) throw new SetSyntaxError(`key "${text}" has no value`);
    if (stop === ',') {
      setKey(data, text, '');
      throw new SetSyntaxError(`key "${text}" has no value (cannot end with ,)`);
    }
    if (stop === '[') {
      const index = this.#index();
      const existing = data[text];
      if (existing !== undefined && !Array.isArray(existing)) throw new SetSyntaxError(`key "${text}" is not a list`);
      setKey(data, text, this.#listItem(existing ?? [], index, nesting));
      return;
    }
    if (stop === '=') {
      setKey(data, text, this.#value());
      return;
    }
    if (nesting + 1 > maxNesting) throw new SetSyntaxError(`value name nested level is greater than ${maxNesting}`);
    const existing = data[text];
    if (existing !== undefined && !isMap(existing)) throw new SetSyntaxError(`key "${text}" is not a map`);
    const inner: Values = existing ?? {};
    this.key(inner, nesting + 1);
    if (Object.keys(inner).length === 0) throw new SetSyntaxError(`key map "${text}" has no value`);
    setKey(data, text, inner);
  }

  #listItem(list: unknown[], index: number, nesting: number): unknown[] {
    const { text, stop } = this.#until('[.=');
    if (text.length > 0) throw new SetSyntaxError(`unexpected data at end of array index: "${text}"`);
    if (stop === undefined) throw new SetSyntaxError('unexpected end after a list index');
    if (stop === '=') return setIndex(list, index, this.#value());
    if (stop === '[') {
      const next = this.#index();
      const existing = list[index];
      if (existing != null && !Array.isArray(existing)) throw new SetSyntaxError(`index ${index} is not a list`);
      return setIndex(list, index, this.#listItem(existing ?? [], next, nesting));
    }
    const existing = list[index];
    let inner: Values = {};
    if (index < list.length) {
      if (isMap(existing)) inner = existing;
      else list[index] = inner;
    }
    this.key(inner, nesting);
    return setIndex(list, index, inner);
  }

  /** After `=`: a `{a,b}` list or a single value up to the next comma. */
  #value(): unknown {
    if (this.#chars[this.#position] === '{') {
      this.#position++;
      return this.#list();
    }
    return this.#typed(this.#until(',').text);
  }

  #list(): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      const { text, stop } = this.#until(',}');
      if (stop === undefined) throw new SetSyntaxError("list must terminate with '}'");
      list.push(this.#typed(text));
      if (stop === '}') {
        if (this.#chars[this.#position] === ',') this.#position++;
        return list;
      }
    }
  }

  #index(): number {
    const { text, stop } = this.#until(']');
    if (stop === undefined) throw new SetSyntaxError('unterminated list index');
    if (!/^[-+]?[0-9]+$/.test(text)) throw new SetSyntaxError(`error parsing index: invalid index "${text}"`);
    const index = Number(text);
    if (index < 0) throw new SetSyntaxError(`negative ${index} index not allowed`);
    if (index > maxIndex)
      throw new SetSyntaxError(`index of ${index} is greater than maximum supported index of ${maxIndex}`);
    return index;
  }

  /** Reads up to one of `stops` (consumed, returned as `stop`; undefined at the end); `\x` keeps x literally. */
  #until(stops: string): { text: string; stop: string | undefined } {
    let text = '';
    while (this.#position < this.#chars.length) {
      const char = this.#chars[this.#position++];
      if (stops.includes(char)) return { text, stop: char };
      if (char === '\\') {
        if (this.#position >= this.#chars.length) return { text, stop: undefined };
        text += this.#chars[this.#position++];
      } else text += char;
    }
    return { text, stop: undefined };
  }

  #typed(text: string): unknown {
    if (this.asStrings) return text;
    const lower = text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (text === '0') return 0;
    if (text.length > 0 && text[0] !== '0' && /^[-+]?[0-9]+$/.test(text)) {
      const big = BigInt(text);
      // Go parses into int64; past what a JS number holds exactly the text is kept.
      if (big >= -(2n ** 63n) && big < 2n ** 63n && Number.isSafeInteger(Number(big))) return Number(big);
    }
    return text;
  }
}

function setKey(data: Values, key: string, value: unknown): void {
  if (key.length > 0) setOwn(data, key, value);
}

/** Past the end the list grows into a new array (as Go's append does), inside it the slot is replaced in place. */
function setIndex(list: unknown[], index: number, value: unknown): unknown[] {
  const target = index < list.length ? list : [...list, ...new Array(index + 1 - list.length).fill(null)];
  target[index] = value;
  return target;
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
