/**
 * How Go's fmt prints the values the API server puts into its error messages, so ours read the same:
 * `%q` for strings, `%v` for numbers and booleans, `%#v` for maps and slices.
 */

/** `strconv.Quote`: JSON quoting, except that Go escapes control characters as `\x..`. */
export function goQuote(value: string): string {
  return JSON.stringify(value)
    .replace(/\\u00([0-9a-f]{2})/g, '\\x$1')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `%v` of a float64: shortest digits, exponent form below 1e-4 and from 1e+06. */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : Number.isNaN(value) ? 'NaN' : '-Inf';
  if (value === 0) return '0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** `%v` of a decoded JSON number: integral numbers are int64 in the API server, the rest float64. */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return BigInt(value).toString();
  return goFloat(value);
}

/** `%#v` of a decoded JSON value held in an `interface{}`. */
export function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((key) => `${goQuote(key)}:${goSyntax((value as Record<string, unknown>)[key])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}
