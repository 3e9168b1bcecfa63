import { type FormatSpec, formatValue } from './go-fmt.js';
import { typeNameOf } from './go-value.js';

interface Cursor {
  format: string;
  at: number;
}

function readFlags(cursor: Cursor, spec: FormatSpec): void {
  const flags: Record<string, keyof FormatSpec> = {
    '+': 'plus',
    '-': 'minus',
    '#': 'sharp',
    ' ': 'space',
    '0': 'zero',
  };
  for (let flag = flags[cursor.format[cursor.at]]; flag; flag = flags[cursor.format[cursor.at]]) {
    (spec as unknown as Record<string, boolean>)[flag] = true;
    cursor.at++;
  }
}

function readNumber(cursor: Cursor, args: unknown[], next: { arg: number }): number | undefined {
  if (cursor.format[cursor.at] === '*') {
    cursor.at++;
    const value = args[next.arg++];
    return typeof value === 'number' ? value : undefined;
  }
  const digits = /^\d+/.exec(cursor.format.slice(cursor.at))?.[0];
  if (digits === undefined) return undefined;
  cursor.at += digits.length;
  return Number(digits);
}

/** fmt.Sprintf for the verbs a commit message needs: v s q d t b o x X c U e E f F g G T and %%. */
export function sprintf(format: string, args: unknown[]): string {
  const cursor: Cursor = { format, at: 0 };
  const next = { arg: 0 };
  let out = '';
  while (cursor.at < format.length) {
    const percent = format.indexOf('%', cursor.at);
    if (percent < 0) {
      out += format.slice(cursor.at);
      break;
    }
    out += format.slice(cursor.at, percent);
    cursor.at = percent + 1;
    const spec: FormatSpec = { verb: '' };
    readFlags(cursor, spec);
    spec.width = readNumber(cursor, args, next);
    if (spec.width !== undefined && spec.width < 0) {
      spec.minus = true;
      spec.width = -spec.width;
    }
    if (format[cursor.at] === '.') {
      cursor.at++;
      spec.precision = readNumber(cursor, args, next) ?? 0;
    }
    const verb = String.fromCodePoint(format.codePointAt(cursor.at) ?? 0);
    if (cursor.at >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    cursor.at += verb.length;
    spec.verb = verb;
    if (verb === '%') {
      out += '%';
    } else if (next.arg >= args.length) {
      out += `%!${verb}(MISSING)`;
    } else {
      const arg = args[next.arg++];
      out += verb === 'T' ? typeNameOf(arg) : formatValue(arg, spec);
    }
  }
  if (next.arg < args.length) {
    const extra = args.slice(next.arg).map((arg) => {
      if (arg === null || arg === undefined) return '<nil>';
      return `${typeNameOf(arg)}=${formatValue(arg, { verb: 'v' })}`;
    });
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
