import { kindOf, numberOf, sortedEntries, stringerOf, structFields, typeNameOf } from './go-value.js';

/** One fmt verb with its flags, as in `%-+#08.3v`. */
export interface FormatSpec {
  verb: string;
  plus?: boolean;
  minus?: boolean;
  sharp?: boolean;
  space?: boolean;
  zero?: boolean;
  width?: number;
  precision?: number;
}

const stringerVerbs = new Set(['v', 's', 'q', 'x', 'X']);

/** Formats a value as Go's fmt does for one verb; collections are formatted element by element. */
export function formatValue(value: unknown, spec: FormatSpec): string {
  const stringer = stringerVerbs.has(spec.verb) ? stringerOf(value) : undefined;
  if (stringer) return formatString(stringer(), spec);
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return spec.verb === 'v' ? pad('<nil>', spec) : `%!${spec.verb}(<nil>)`;
    case 'bool':
      return spec.verb === 'v' || spec.verb === 't' ? pad(String(value), spec) : badVerb(value, spec);
    case 'int':
      return formatInt(value as number, spec) ?? badVerb(value, spec);
    case 'float':
      return formatFloat(numberOf(value), spec) ?? badVerb(value, spec);
    case 'string':
      return formatString(value as string, spec);
    case 'slice':
      return `[${(value as unknown[]).map((item) => formatValue(item, spec)).join(' ')}]`;
    case 'map':
      return `map[${sortedEntries(value as Map<unknown, unknown>)
        .map(([k, v]) => `${formatValue(k, spec)}:${formatValue(v, spec)}`)
        .join(' ')}]`;
    case 'struct':
      return `{${structFields(value as object)
        .map(([name, field]) => (spec.plus ? `${name}:` : '') + formatValue(field, spec))
        .join(' ')}}`;
    default:
      return `%!${spec.verb}(${typeNameOf(value)})`;
  }
}

export function badVerb(value: unknown, spec: FormatSpec): string {
  if (value === null || value === undefined) return `%!${spec.verb}(<nil>)`;
  return `%!${spec.verb}(${typeNameOf(value)}=${formatValue(value, { verb: 'v' })})`;
}

function pad(text: string, spec: FormatSpec, zeroAllowed = false): string {
  const width = spec.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  if (spec.minus) return text + ' '.repeat(width - length);
  if (spec.zero && zeroAllowed) {
    const sign = /^[+\- ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(width - length) + text.slice(sign.length);
  }
  return ' '.repeat(width - length) + text;
}

function formatString(text: string, spec: FormatSpec): string {
  const truncated = spec.precision === undefined ? text : [...text].slice(0, spec.precision).join('');
  switch (spec.verb) {
    case 'v':
    case 's':
      return pad(truncated, spec);
    case 'q':
      return pad(quote(truncated), spec);
    case 'x':
    case 'X': {
      const hex = Buffer.from(truncated).toString('hex');
      return pad(spec.verb === 'X' ? hex.toUpperCase() : hex, spec);
    }
    default:
      return badVerb(text, spec);
  }
}

function withSign(text: string, negative: boolean, spec: FormatSpec): string {
  if (negative) return `-${text}`;
  if (spec.plus) return `+${text}`;
  return spec.space ? ` ${text}` : text;
}

function formatInt(value: number, spec: FormatSpec): string | undefined {
  const abs = Math.abs(value);
  const prefixed = (base: number, prefix: string) =>
    pad(withSign((spec.sharp ? prefix : '') + abs.toString(base), value < 0, spec), spec, true);
  switch (spec.verb) {
    case 'v':
    case 'd':
      return pad(withSign(String(abs), value < 0, spec), spec, true);
    case 'b':
      return prefixed(2, '0b');
    case 'o':
      return prefixed(8, '0');
    case 'O':
      return pad(withSign(`0o${abs.toString(8)}`, value < 0, spec), spec, true);
    case 'x':
      return prefixed(16, '0x');
    case 'X':
      return pad(withSign((spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase(), value < 0, spec), spec, true);
    case 'c':
      return pad(String.fromCodePoint(value), spec);
    case 'q':
      return pad(`'${String.fromCodePoint(value)}'`, spec);
    case 'U':
      return pad(`U+${value.toString(16).toUpperCase().padStart(4, '0')}`, spec);
    default:
      return undefined;
  }
}

function formatFloat(value: number, spec: FormatSpec): string | undefined {
  if (!Number.isFinite(value)) {
    const text = Number.isNaN(value) ? 'NaN' : value > 0 ? (spec.plus ? '+Inf' : 'Inf') : '-Inf';
    return ['v', 'e', 'E', 'f', 'F', 'g', 'G'].includes(spec.verb) ? pad(text, spec) : undefined;
  }
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let text: string;
  switch (spec.verb) {
    case 'v':
    case 'g':
    case 'G':
      text = formatG(abs, spec.precision);
      break;
    case 'e':
    case 'E':
      text = exponent(abs.toExponential(spec.precision ?? 6));
      break;
    case 'f':
    case 'F':
      text = abs.toFixed(spec.precision ?? 6);
      break;
    default:
      return undefined;
  }
  if (spec.verb === 'E' || spec.verb === 'G') text = text.toUpperCase();
  return pad(withSign(text, negative, spec), spec, true);
}

/** JS writes `1e+6`; Go writes at least two exponent digits: `1e+06`. */
function exponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Go's %g: shortest digits (or `precision` significant ones), %e form when the exponent is < -4 or >= the precision (6 when shortest). */
function formatG(abs: number, precision: number | undefined): string {
  if (abs === 0) return '0';
  const digitsWanted = precision === undefined ? undefined : Math.max(precision, 1) - 1;
  const [mantissa, exp10] = abs.toExponential(digitsWanted).split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  const exp = Number(exp10);
  const nd = digits.length;
  const dp = exp + 1;
  let eprec = 6;
  if (precision !== undefined) eprec = Math.max(precision, 1) > nd && nd >= dp ? nd : Math.max(precision, 1);
  if (exp < -4 || exp >= eprec) {
    const fraction = nd > 1 ? `.${digits.slice(1)}` : '';
    return `${digits[0]}${fraction}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (dp <= 0) return `0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= nd) return digits + '0'.repeat(dp - nd);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

const escapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's strconv.Quote for printable text: a double-quoted string with Go escapes. */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (escapes[char]) out += escapes[char];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(arg, { verb: 'v' });
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a final newline. */
export function sprintln(args: unknown[]): string {
  return `${args.map((arg) => formatValue(arg, { verb: 'v' })).join(' ')}\n`;
}
