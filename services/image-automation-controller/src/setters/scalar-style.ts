import { parse } from 'yaml';

/** How a scalar was written in the source. */
export const ScalarStyle = {
  Plain: 'plain',
  SingleQuoted: 'single-quoted',
  DoubleQuoted: 'double-quoted',
} as const;
export type ScalarStyle = (typeof ScalarStyle)[keyof typeof ScalarStyle];

const indicators = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
const flowIndicators = /[,[\]{}]/;
// YAML 1.1 booleans the yaml package's 1.1 schema does not know; kyaml quotes them too.
const yaml11OnlyBooleans = new Set(['y', 'Y', 'n', 'N']);

/**
 * The source text for `value` written in `style`. A plain scalar stays plain only when it reads back as the same
 * string under YAML 1.1 and 1.2; otherwise it is double-quoted, as Flux does. A single-quoted value that needs
 * escapes (control characters) is double-quoted, the only style that can hold them on one line.
 */
export function formatScalar(value: string, style: ScalarStyle, inFlow: boolean): string {
  if (style === ScalarStyle.Plain && isSafePlain(value, inFlow)) return value;
  if (style === ScalarStyle.SingleQuoted && !hasControlCharacters(value)) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

/** Whether `value` can be written as a plain scalar and still be read as that exact string. */
export function isSafePlain(value: string, inFlow: boolean): boolean {
  if (value === '' || value.trim() !== value || hasControlCharacters(value)) return false;
  if (startsWithIndicator(value, inFlow)) return false;
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  if (inFlow && flowIndicators.test(value)) return false;
  if (yaml11OnlyBooleans.has(value)) return false;
  return readsAsString(value, '1.1') && readsAsString(value, '1.2');
}

function startsWithIndicator(value: string, inFlow: boolean): boolean {
  const first = value[0];
  if (!indicators.has(first)) return false;
  const next = value[1];
  const canStartPlain = first === '-' || first === '?' || first === ':';
  return !(canStartPlain && next !== undefined && next !== ' ' && !(inFlow && flowIndicators.test(next)));
}

function readsAsString(value: string, version: '1.1' | '1.2'): boolean {
  try {
    return parse(value, { version }) === value;
  } catch {
    return false;
  }
}

function hasControlCharacters(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value);
}
