/**
 * The YAML text Go's `gopkg.in/yaml.v2` (as vendored by `sigs.k8s.io/yaml`) writes for JSON-like values, so that
 * checksums and digests taken over it match Flux's byte for byte: block style, 2-space indent, sequences inside
 * mappings not indented, plain/single/double-quoted/literal scalars chosen as its emitter does, lines folded past
 * column 80.
 */

export const GoNumbers = {
  /** Numbers are Go float64 values, written with `strconv.FormatFloat(f, 'g', -1, 64)` (1000000 → 1e+06). */
  Float: 'float',
  /** Numbers went through encoding/json first (sigs.k8s.io/yaml.Marshal): whole numbers come back as integers. */
  Json: 'json',
} as const;
export type GoNumbers = (typeof GoNumbers)[keyof typeof GoNumbers];

export interface GoYamlOptions {
  numbers: GoNumbers;
  compareKeys: (a: string, b: string) => number;
}

const bestWidth = 80;
const indentStep = 2;

export function encodeGoYaml(document: Record<string, unknown>, options: GoYamlOptions): string {
  const out = new Writer();
  writeNode(out, document, { kind: 'document', indent: 0 }, options);
  out.newline();
  return out.text();
}

type Place = { kind: 'document'; indent: number } | { kind: 'value' | 'item'; indent: number };

function writeNode(out: Writer, value: unknown, place: Place, options: GoYamlOptions): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.inline('[]');
      return;
    }
    // A sequence under a mapping key starts on the next line at the key's own indent.
    const indent = place.kind === 'item' ? place.indent + indentStep : place.indent;
    value.forEach((item, index) => {
      if (index > 0 || place.kind === 'value') out.lineAt(indent);
      out.write('- ');
      writeNode(out, item, { kind: 'item', indent }, options);
    });
    return;
  }
  if (isMap(value)) {
    const keys = Object.keys(value).sort(options.compareKeys);
    if (keys.length === 0) {
      out.inline('{}');
      return;
    }
    const indent = place.kind === 'document' ? 0 : place.indent + indentStep;
    keys.forEach((key, index) => {
      if (index > 0 || place.kind === 'value') out.lineAt(indent);
      writeScalar(out, key, { indent, simpleKey: true });
      out.write(':');
      writeNode(out, value[key], { kind: 'value', indent }, options);
    });
    return;
  }
  out.inline('');
  writeScalar(out, scalarText(value, options), { indent: place.indent + indentStep, simpleKey: false }, value);
}

function scalarText(value: unknown, options: GoYamlOptions): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number')
    return options.numbers === GoNumbers.Float ? formatGoFloat(value) : formatJsonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` is the original when the scalar is not a string: those are always written plain. */
function writeScalar(
  out: Writer,
  text: string,
  at: { indent: number; simpleKey: boolean },
  value: unknown = text,
): void {
  if (typeof value !== 'string') {
    out.write(text);
    return;
  }
  const style = scalarStyle(text, at.simpleKey);
  if (style === 'plain') writeFolded(out, text, at, false);
  else if (style === 'single') writeSingleQuoted(out, text, at);
  else if (style === 'literal') writeLiteral(out, text, at.indent);
  else writeDoubleQuoted(out, text, at);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function scalarStyle(text: string, simpleKey: boolean): Style {
  const analysis = analyzeScalar(text);
  if (text.includes('\n')) return analysis.blockAllowed && !simpleKey ? 'literal' : 'double';
  if (resolvesToNonString(text)) return 'double';
  if (!analysis.plainAllowed) return analysis.singleQuotedAllowed ? 'single' : 'double';
  return 'plain';
}

interface ScalarAnalysis {
  plainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml.v2's `yaml_emitter_analyze_scalar`, for the block context. */
function analyzeScalar(text: string): ScalarAnalysis {
  if (text === '') return { plainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...text];
  let indicators = text.startsWith('---') || text.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  chars.forEach((char, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(char)) indicators = true;
      else if ((char === '?' || char === ':' || char === '-') && followedByWhitespace) indicators = true;
    } else if (char === ':' && followedByWhitespace) indicators = true;
    else if (char === '#' && precededByWhitespace) indicators = true;
    if (!isPrintable(char)) special = true;
    const last = i === chars.length - 1;
    if (char === ' ') {
      leadingSpace ||= i === 0;
      trailingSpace ||= last;
      breakSpace ||= previousBreak;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(char)) {
      lineBreaks = true;
      leadingBreak ||= i === 0;
      trailingBreak ||= last;
      spaceBreak ||= previousSpace;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = char === ' ' || char === '\t' || isBreak(char) || char === '\0';
  });
  const edges = leadingSpace || leadingBreak || trailingSpace || trailingBreak;
  return {
    plainAllowed: !(edges || breakSpace || spaceBreak || special || lineBreaks || indicators),
    singleQuotedAllowed: !(breakSpace || spaceBreak || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
}

function isBreak(char: string): boolean {
  return char === '\n' || char === '\r' || char === '\u0085' || char === '\u2028' || char === '\u2029';
}

function isPrintable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const nonStringWords = new Set(
  [
    'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF',
    '~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF <<',
  ]
    .join(' ')
    .split(' '),
);
const goIntPattern = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/;
const yamlFloatPattern = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const timestampPattern =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/;
const base60FloatPattern = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Whether yaml.v2 would read the plain text back as something else than a string, so it must be quoted. */
function resolvesToNonString(text: string): boolean {
  if (text === '' || nonStringWords.has(text)) return true;
  if (!/^[-+0-9.]/.test(text)) return false;
  const plain = text.replaceAll('_', '');
  return (
    goIntPattern.test(plain) ||
    yamlFloatPattern.test(plain) ||
    timestampPattern.test(text) ||
    base60FloatPattern.test(text)
  );
}

/** Plain scalars fold at a space once the line is past column 80 (never in keys). */
function writeFolded(out: Writer, text: string, at: { indent: number; simpleKey: boolean }, quoted: boolean): void {
  const chars = [...text];
  let spaces = false;
  chars.forEach((char, i) => {
    if (char === ' ') {
      const edge = quoted && (i === 0 || i === chars.length - 1);
      if (!at.simpleKey && !spaces && out.column > bestWidth && !edge && chars[i + 1] !== ' ') out.lineAt(at.indent);
      else out.write(' ');
      spaces = true;
      return;
    }
    out.write(quoted && char === "'" ? "''" : char);
    spaces = false;
  });
}

function writeSingleQuoted(out: Writer, text: string, at: { indent: number; simpleKey: boolean }): void {
  out.write("'");
  writeFolded(out, text, at, true);
  out.write("'");
}

const namedEscapes: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
};

function writeDoubleQuoted(out: Writer, text: string, at: { indent: number; simpleKey: boolean }): void {
  out.write('"');
  const chars = [...text];
  let spaces = false;
  chars.forEach((char, i) => {
    const code = char.codePointAt(0)!;
    if (!isPrintable(char) || code === 0xfeff || isBreak(char) || char === '"' || char === '\\') {
      out.write(`\\${namedEscapes[code] ?? hexEscape(code)}`);
      spaces = false;
    } else if (char === ' ') {
      if (!at.simpleKey && !spaces && out.column > bestWidth && i !== 0 && i !== chars.length - 1) {
        out.lineAt(at.indent);
        if (chars[i + 1] === ' ') out.write('\\');
      } else out.write(' ');
      spaces = true;
    } else {
      out.write(char);
      spaces = false;
    }
  });
  out.write('"');
}

function hexEscape(code: number): string {
  const [prefix, width] = code <= 0xff ? ['x', 2] : code <= 0xffff ? ['u', 4] : ['U', 8];
  return prefix + code.toString(16).toUpperCase().padStart(width, '0');
}

function writeLiteral(out: Writer, text: string, indent: number): void {
  const chars = [...text];
  const last = chars.length - 1;
  let hints = isBreak(chars[0]) || chars[0] === ' ' ? String(indentStep) : '';
  if (!isBreak(chars[last])) hints += '-';
  else if (last === 0 || isBreak(chars[last - 1])) hints += '+';
  out.write(`|${hints}`);
  out.newline();
  let breaks = true;
  for (const char of chars) {
    if (isBreak(char)) {
      out.newline();
      breaks = true;
      continue;
    }
    if (breaks) out.write(' '.repeat(indent));
    out.write(char);
    breaks = false;
  }
  out.endsWithBreak = breaks;
}

/** Go's `strconv.FormatFloat(n, 'g', -1, 64)` as yaml.v2 writes floats. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, exponentText] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(n);
}

/** A float64 that went through encoding/json and back through yaml.v2's resolver. */
function formatJsonNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    const big = BigInt(n);
    if (big >= -(2n ** 63n) && big < 2n ** 64n) return big.toString();
  }
  return formatGoFloat(n);
}

class Writer {
  readonly #parts: string[] = [];
  column = 0;
  /** Set after a literal scalar that ended with its own line break. */
  endsWithBreak = false;

  write(text: string): void {
    this.#parts.push(text);
    this.column += [...text].length;
    this.endsWithBreak = false;
  }

  /** A scalar or empty collection after `key:` or `- ` goes on the same line. */
  inline(text: string): void {
    const last = this.#parts.at(-1);
    if (last !== undefined && !last.endsWith(' ') && !this.endsWithBreak) this.write(' ');
    if (text !== '') this.write(text);
  }

  lineAt(indent: number): void {
    if (!this.endsWithBreak) this.newline();
    this.write(' '.repeat(indent));
  }

  newline(): void {
    if (this.endsWithBreak) {
      this.endsWithBreak = false;
      return;
    }
    this.#parts.push('\n');
    this.column = 0;
  }

  text(): string {
    return this.#parts.join('');
  }
}
