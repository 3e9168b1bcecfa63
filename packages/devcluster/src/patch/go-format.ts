/**
 * Renders values the way Go's `fmt` `%v` prints decoded JSON, so error messages read exactly like the
 * API server's (`map[image:nginx name:web]`, `[a b]`, `<nil>`).
 */

import { jsonKind } from './json-value.js';

const maxInt64 = 2 ** 63;

function formatNumber(value: number): string {
  // apimachinery decodes whole JSON numbers as int64 and the rest as float64 (`%g`, shortest digits).
  if (Number.isInteger(value) && Math.abs(value) < maxInt64) return BigInt(value).toString();
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

export function formatGo(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(formatGo).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${formatGo(item)}`).join(' ')}]`;
  }
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** The Go type name `reflect.TypeOf` reports for a decoded JSON value. */
export function goTypeName(value: unknown): string {
  switch (jsonKind(value)) {
    case 'object':
      return 'map[string]interface {}';
    case 'array':
      return '[]interface {}';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    case 'boolean':
      return 'bool';
    default:
      return '%!s(<nil>)';
  }
}
