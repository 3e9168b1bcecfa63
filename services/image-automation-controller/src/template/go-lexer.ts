import { type Item, type ItemType, type Keyword, keywords } from './go-items.js';

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined) => c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
const hasLeftTrimMarker = (s: string, at: number) => s[at] === '-' && isSpace(s[at + 1]);
const spaceRun = /^[ \t\r\n]*/;

/** Splits a template into Go text/template tokens; the last item is EOF or an error. */
export function lex(input: string): Item[] {
  return new Lexer(input).run();
}

class Lexer {
  private readonly items: Item[] = [];
  private readonly lineStarts: number[] = [0];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private insideAction = false;

  constructor(private readonly input: string) {
    for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  run(): Item[] {
    let going = true;
    while (going) going = this.insideAction ? this.lexInsideAction() : this.lexText();
    return this.items;
  }

  private lineAt(pos: number): number {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= pos) line++;
    return line + 1;
  }

  private emit(type: ItemType): boolean {
    const val = this.input.slice(this.start, this.pos);
    this.items.push({ type, pos: this.start, val, line: this.lineAt(this.start) });
    this.start = this.pos;
    return type !== 'eof';
  }

  private error(message: string): boolean {
    this.items.push({ type: 'error', pos: this.start, val: message, line: this.lineAt(this.start) });
    return false;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    const rest = this.input.slice(this.pos);
    if (isSpace(rest[0]) && rest[1] === '-' && rest.startsWith('}}', 2)) return { delim: true, trim: true };
    return { delim: rest.startsWith('}}'), trim: false };
  }

  private skipLeadingSpace(): void {
    this.pos += spaceRun.exec(this.input.slice(this.pos))![0].length;
    this.start = this.pos;
  }

  private lexText(): boolean {
    const delim = this.input.indexOf('{{', this.pos);
    if (delim < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      return this.emit('eof');
    }
    if (delim > this.pos) {
      const text = this.input.slice(this.start, delim);
      this.pos = hasLeftTrimMarker(this.input, delim + 2) ? this.start + text.replace(/[ \t\r\n]+$/, '').length : delim;
      if (this.pos > this.start) this.emit('text');
      this.pos = delim;
      this.start = delim;
    }
    return this.lexLeftDelim();
  }

  private lexLeftDelim(): boolean {
    this.pos += 2;
    const afterMarker = hasLeftTrimMarker(this.input, this.pos) ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.start = this.pos;
      return this.lexComment();
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.start = this.pos;
    this.insideAction = true;
    this.parenDepth = 0;
    return true;
  }

  private lexComment(): boolean {
    const end = this.input.indexOf('*/', this.pos + 2);
    if (end < 0) return this.error('unclosed comment');
    this.pos = end + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    this.pos += trim ? 4 : 2;
    this.start = this.pos;
    if (trim) this.skipLeadingSpace();
    return true;
  }

  private lexRightDelim(): boolean {
    const { trim } = this.atRightDelim();
    if (trim) this.start = this.pos += 2;
    this.pos += 2;
    this.emit('rightDelim');
    if (trim) this.skipLeadingSpace();
    this.insideAction = false;
    return true;
  }

  private lexInsideAction(): boolean {
    if (this.atRightDelim().delim) {
      return this.parenDepth === 0 ? this.lexRightDelim() : this.error('unclosed left paren');
    }
    const c = this.input[this.pos];
    if (c === undefined) return this.error('unclosed action');
    if (isSpace(c)) return this.lexSpace();
    this.pos++;
    switch (c) {
      case '=':
        return this.emit('assign');
      case ':':
        if (this.input[this.pos] !== '=') return this.error('expected :=');
        this.pos++;
        return this.emit('declare');
      case '|':
        return this.emit('pipe');
      case '"':
        return this.lexQuote('"', 'unterminated quoted string', 'string');
      case "'":
        return this.lexQuote("'", 'unterminated character constant', 'charConstant');
      case '`':
        return this.lexRawQuote();
      case '$':
        return this.lexFieldOrVariable('variable');
      case '(':
        this.parenDepth++;
        return this.emit('leftParen');
      case ')':
        this.parenDepth--;
        return this.parenDepth < 0 ? this.error('unexpected right paren') : this.emit('rightParen');
    }
    if (c === '.' && !/[0-9]/.test(this.input[this.pos] ?? '')) return this.lexFieldOrVariable('field');
    if (c === '.' || c === '+' || c === '-' || /[0-9]/.test(c)) {
      this.pos--;
      return this.lexNumber();
    }
    if (isAlphaNumeric(c)) return this.lexIdentifier();
    if (c >= ' ' && c <= '~') return this.emit('char');
    const code = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return this.error(`unrecognized character in action: U+${code}`);
  }

  private lexSpace(): boolean {
    let spaces = 0;
    while (isSpace(this.input[this.pos])) {
      this.pos++;
      spaces++;
    }
    if (this.input[this.pos] === '-' && this.input.startsWith('}}', this.pos + 1)) {
      this.pos--;
      if (spaces === 1) return this.lexRightDelim();
    }
    return this.emit('space');
  }

  private lexQuote(quote: string, unterminated: string, type: ItemType): boolean {
    for (;;) {
      const c = this.input[this.pos++];
      if (c === '\\' && this.input[this.pos] !== undefined && this.input[this.pos] !== '\n') this.pos++;
      else if (c === undefined || c === '\n' || c === '\\') return this.error(unterminated);
      else if (c === quote) return this.emit(type);
    }
  }

  private lexRawQuote(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) return this.error('unterminated raw quoted string');
    this.pos = end + 1;
    return this.emit('rawString');
  }

  private atTerminator(): boolean {
    const c = this.input[this.pos];
    if (c === undefined || isSpace(c) || '.,|:()'.includes(c)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  private badCharacter(): boolean {
    const c = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    const code = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return this.error(`bad character U+${code} '${c}'`);
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) return this.emit(type === 'variable' ? 'variable' : 'dot');
    while (isAlphaNumeric(this.input[this.pos])) this.pos++;
    return this.atTerminator() ? this.emit(type) : this.badCharacter();
  }

  private lexIdentifier(): boolean {
    while (isAlphaNumeric(this.input[this.pos])) this.pos++;
    if (!this.atTerminator()) return this.badCharacter();
    const word = this.input.slice(this.start, this.pos);
    if (keywords.has(word)) return this.emit(word as Keyword);
    return this.emit(word === 'true' || word === 'false' ? 'bool' : 'identifier');
  }

  private lexNumber(): boolean {
    const match =
      /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(
        this.input.slice(this.pos),
      )!;
    this.pos += match[0].length;
    const next = this.input[this.pos];
    if (isAlphaNumeric(next) || next === '+' || next === '-') {
      if (isAlphaNumeric(next)) this.pos++;
      return this.error(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
    }
    return this.emit('number');
  }
}
