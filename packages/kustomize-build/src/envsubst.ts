/**
 * Flux's `${var}` expansion (fluxcd/pkg/envsubst, a fork of drone/envsubst), reimplemented: only the braced form
 * is expanded (`$var` stays as written), `$$` is an escape for `$` (so `$${var}` gives a literal `${var}`), and
 * these forms are supported:
 *
 *   ${var}  ${#var}  ${var^}  ${var^^}  ${var,}  ${var,,}  ${var:n}  ${var:n:len}
 *   ${var#glob}  ${var##glob}  ${var%glob}  ${var%%glob}
 *   ${var:-default}  ${var=default}  ${var:=default}   (all three: default when unset or empty)
 *   ${var/old/new}  ${var//old/new}  ${var/#old/new}  ${var/%old/new}
 *
 * `${var-default}` is refused ("missing closing brace") as by Flux's parser; `${var:+x}` and `${var:?x}` act as
 * `${var:-x}`. Defaults and arguments may nest `${other}`. Lengths and offsets count UTF-16 code units (Flux counts
 * bytes), which differs only for non-ASCII values.
 */

type Node = TextNode | FuncNode;
interface TextNode {
  type: 'text';
  value: string;
}
interface FuncNode {
  type: 'func';
  /** The operator: '' for `${var}`, ':-', '//', '#', ... */
  op: string;
  param: string;
  args: Node[];
}

/** Looks up a variable: `exists` false makes strict mode fail. */
export type VariableLookup = (name: string) => { value: string; exists: boolean };

export class EnvsubstSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvsubstSyntaxError';
  }
}

export class VariableNotSetError extends Error {
  readonly variable: string;
  constructor(variable: string) {
    super(`variable ${JSON.stringify(variable)} is not set (strict mode)`);
    this.name = 'VariableNotSetError';
    this.variable = variable;
  }
}

/** Expands every `${...}` in `text`. Throws `EnvsubstSyntaxError` or, when `lookup` says so, `VariableNotSetError`. */
export function expand(text: string, lookup: VariableLookup): string {
  const nodes = new Parser(text).parseTemplate();
  return nodes.map((node) => evaluate(node, lookup)).join('');
}

const badSubstitution = 'bad substitution';
const missingClosingBrace = 'missing closing brace';
const badVariableName = 'unable to parse variable name';
const badFunctionParam = 'unable to parse substitution within function';

const identChar = /[\p{L}\p{Nd}_]/u;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseTemplate(): Node[] {
    const nodes: Node[] = [];
    let literal = '';
    while (this.pos < this.text.length) {
      if (this.startsWith('${')) {
        if (literal) nodes.push({ type: 'text', value: literal });
        literal = '';
        this.pos += 2;
        nodes.push(this.parseFunc());
      } else if (this.startsWith('$$')) {
        literal += '$';
        this.pos += 2;
      } else {
        literal += this.text[this.pos++];
      }
    }
    if (literal) nodes.push({ type: 'text', value: literal });
    return nodes;
  }

  private parseFunc(): FuncNode {
    if (this.peek() === '#') return this.parseLength();
    const param = this.readIdent();
    if (!param) throw new EnvsubstSyntaxError(badVariableName);
    const next = this.peek();
    switch (next) {
      case ':':
        return '=-?+'.includes(this.text[this.pos + 1] ?? '\0')
          ? this.parseDefault(param, 2)
          : this.parseSubstring(param);
      case '=':
        return this.parseDefault(param, 1);
      case ',':
      case '^':
        return this.parseCasing(param);
      case '/':
        return this.parseReplace(param);
      case '#':
      case '%':
        return this.parseRemove(param, next);
      case '}':
        this.pos++;
        return { type: 'func', op: '', param, args: [] };
      default:
        throw new EnvsubstSyntaxError(missingClosingBrace);
    }
  }

  private parseLength(): FuncNode {
    this.pos++;
    const param = this.readIdent();
    if (!param) throw new EnvsubstSyntaxError(badSubstitution);
    this.expectClose();
    return { type: 'func', op: '#', param, args: [] };
  }

  private parseDefault(param: string, opLength: number): FuncNode {
    const op = this.text.slice(this.pos, this.pos + opLength);
    this.pos += opLength;
    const args: Node[] = [];
    while (this.peek() !== '}') args.push(this.parseParam({ stop: '}', escapes: false }));
    this.pos++;
    return { type: 'func', op, param, args };
  }

  private parseSubstring(param: string): FuncNode {
    this.pos++;
    const args = [this.parseParam({ stop: ':}', escapes: false })];
    if (this.peek() === '}') {
      this.pos++;
      return { type: 'func', op: ':', param, args };
    }
    if (this.peek() !== ':') throw new EnvsubstSyntaxError(badSubstitution);
    while (this.peek() === ':') this.pos++;
    args.push(this.parseParam({ stop: '}', escapes: false }));
    this.expectClose();
    return { type: 'func', op: ':', param, args };
  }

  private parseCasing(param: string): FuncNode {
    const op = this.readRun(',^', 2);
    this.expectClose();
    return { type: 'func', op, param, args: [] };
  }

  private parseRemove(param: string, char: string): FuncNode {
    const op = this.readRun(char, 2);
    const args = [this.parseParam({ stop: '}', escapes: false })];
    this.expectClose();
    return { type: 'func', op, param, args };
  }

  private parseReplace(param: string): FuncNode {
    this.pos++;
    let op = '/';
    const modifier = this.peek();
    if (modifier === '/' || modifier === '#' || modifier === '%') {
      op += modifier;
      this.pos++;
    }
    const args: Node[] = [
      this.peek() === '/' ? { type: 'text', value: '' } : this.parseParam({ stop: '/', escapes: true }),
    ];
    if (this.peek() !== '/') throw new EnvsubstSyntaxError(badSubstitution);
    this.pos++;
    if (this.peek() !== '}') args.push(this.parseParam({ stop: '}', escapes: true }));
    this.expectClose();
    return { type: 'func', op, param, args };
  }

  /** One argument: a nested `${...}`, or text up to a stop character or a nested `${`. */
  private parseParam(options: { stop: string; escapes: boolean }): Node {
    if (this.startsWith('${')) {
      this.pos += 2;
      return this.parseFunc();
    }
    let value = '';
    while (this.pos < this.text.length && !this.startsWith('${')) {
      const char = this.text[this.pos]!;
      const escaped = options.escapes ? this.escapedChar() : undefined;
      if (escaped !== undefined) {
        value += escaped;
        this.pos += 2;
        continue;
      }
      if (options.stop.includes(char)) break;
      value += char;
      this.pos++;
    }
    if (value === '') throw new EnvsubstSyntaxError(badFunctionParam);
    return { type: 'text', value };
  }

  /** `$$` → `$`, `\/` → `/`, `\\` → `\` inside replace arguments. */
  private escapedChar(): string | undefined {
    const pair = this.text.slice(this.pos, this.pos + 2);
    if (pair === '$$') return '$';
    if (pair === '\\/' || pair === '\\\\') return pair[1];
    return undefined;
  }

  private readIdent(): string {
    const start = this.pos;
    while (this.pos < this.text.length && identChar.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private readRun(chars: string, max: number): string {
    const start = this.pos;
    while (this.pos - start < max && chars.includes(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private expectClose(): void {
    if (this.peek() !== '}') throw new EnvsubstSyntaxError(badSubstitution);
    this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private startsWith(prefix: string): boolean {
    return this.text.startsWith(prefix, this.pos);
  }
}

/** Operators that supply their own value when the variable is unset, so strict mode lets them through. */
const defaultOps = new Set(['-', '+', '=', '?', ':-', ':+', ':=', ':?']);

function evaluate(node: Node, lookup: VariableLookup): string {
  if (node.type === 'text') return node.value;
  const args = node.args.map((arg) => evaluate(arg, lookup));
  const { value, exists } = lookup(node.param);
  if (!exists && !defaultOps.has(node.op)) throw new VariableNotSetError(node.param);
  return applyOp(node.op, value, args);
}

function applyOp(op: string, value: string, args: string[]): string {
  switch (op) {
    case ',':
      return value.charAt(0).toLowerCase() + value.slice(1);
    case ',,':
      return value.toLowerCase();
    case '^':
      return value.charAt(0).toUpperCase() + value.slice(1);
    case '^^':
      return value.toUpperCase();
    case '#':
      return args.length === 0 ? String(Buffer.byteLength(value)) : trimPrefix(value, args[0]!, 'shortest');
    case '##':
      return trimPrefix(value, args[0]!, 'longest');
    case '%':
      return trimSuffix(value, args[0]!, 'shortest');
    case '%%':
      return trimSuffix(value, args[0]!, 'longest');
    case ':':
      return substring(value, args);
    case '/':
      return replaceFirst(value, args[0]!, args[1] ?? '');
    case '//':
      return replaceAll(value, args[0]!, args[1] ?? '');
    case '/#':
      return args.length === 2 && value.startsWith(args[0]!) ? args[1] + value.slice(args[0]!.length) : value;
    case '/%':
      return args.length === 2 && value.endsWith(args[0]!)
        ? value.slice(0, value.length - args[0]!.length) + args[1]
        : value;
    default:
      return value === '' && args.length > 0 ? args.join('') : value;
  }
}

const integer = /^[+-]?\d+$/;

/** Bash's `${var:offset:length}`, with Flux's handling of negative and out-of-range values. */
function substring(value: string, args: string[]): string {
  if (!integer.test(args[0] ?? '')) return value;
  let start = Number(args[0]);
  if (start < 0) start = Math.max(0, value.length + start);
  if (args.length === 1) return start < value.length ? value.slice(start) : '';
  if (!integer.test(args[1] ?? '')) return value;
  const length = Number(args[1]);
  if (length < 0) {
    const end = value.length + length;
    return end < start ? '' : value.slice(start, end);
  }
  return start < value.length ? value.slice(start, start + length) : '';
}

function replaceFirst(value: string, old: string, replacement: string): string {
  const index = value.indexOf(old);
  return index < 0 ? value : value.slice(0, index) + replacement + value.slice(index + old.length);
}

function replaceAll(value: string, old: string, replacement: string): string {
  if (old === '') return replacement + [...value].join(replacement) + (value === '' ? '' : replacement);
  return value.split(old).join(replacement);
}

type Match = 'shortest' | 'longest';

/** Removes the shortest or longest non-empty prefix matching the glob (Go `path.Match`); bad globs change nothing. */
function trimPrefix(value: string, pattern: string, match: Match): string {
  const glob = globToRegExp(pattern);
  if (!glob) return value;
  let found: number | undefined;
  for (let end = value.length; end > 0; end--) {
    if (!glob.test(value.slice(0, end))) continue;
    found = end;
    if (match === 'longest') break;
  }
  return found === undefined ? value : value.slice(found);
}

/** As Flux: the suffix forms reverse the value and the pattern and trim a prefix. */
function trimSuffix(value: string, pattern: string, match: Match): string {
  return reverse(trimPrefix(reverse(value), reverse(pattern), match));
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** Go's `path.Match` glob as an anchored RegExp: `*` and `?` stop at `/`, `[...]` classes, `\` escapes. */
function globToRegExp(pattern: string): RegExp | undefined {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === '*') {
      source += '[^/]*';
      i++;
    } else if (char === '?') {
      source += '[^/]';
      i++;
    } else if (char === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      source += escapeRegExp(pattern[i + 1]!);
      i += 2;
    } else if (char === '[') {
      const parsed = parseClass(pattern, i + 1);
      if (!parsed) return undefined;
      source += parsed.source;
      i = parsed.next;
    } else {
      source += escapeRegExp(char);
      i++;
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function parseClass(pattern: string, start: number): { source: string; next: number } | undefined {
  let i = start;
  const negate = pattern[i] === '^';
  if (negate) i++;
  let body = '';
  let ranges = 0;
  const readChar = (): string | undefined => {
    let char = pattern[i];
    if (char === undefined || char === '-' || char === ']') return undefined;
    if (char === '\\') {
      i++;
      char = pattern[i];
      if (char === undefined) return undefined;
    }
    i++;
    return char;
  };
  while (true) {
    if (i >= pattern.length) return undefined;
    if (pattern[i] === ']' && ranges > 0) break;
    const low = readChar();
    if (low === undefined) return undefined;
    let high = low;
    if (pattern[i] === '-') {
      i++;
      const upper = readChar();
      if (upper === undefined || upper < low) return undefined;
      high = upper;
    }
    body += high === low ? escapeClassChar(low) : `${escapeClassChar(low)}-${escapeClassChar(high)}`;
    ranges++;
  }
  return { source: `[${negate ? '^' : ''}${body}]`, next: i + 1 };
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function escapeClassChar(char: string): string {
  return char.replace(/[\]\\^-]/g, '\\$&');
}
