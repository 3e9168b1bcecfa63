/**
 * Go's `encoding/json` output for digests that must match ones Go computed: a `Map` is a Go struct (fields in
 * the order given), a plain object is a Go map (keys in byte order), strings escape `<`, `>`, `&`, U+2028 and
 * U+2029 as Go does. Numbers print as JSON.stringify prints them, which is how Go prints a float64.
 */
export function encodeGoJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Map) {
    const fields = [...value].map(([key, field]) => `${encodeGoString(String(key))}:${encodeGoJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(encodeGoJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const entries = keys.map(
      (key) => `${encodeGoString(key)}:${encodeGoJson((value as Record<string, unknown>)[key])}`,
    );
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'string') return encodeGoString(value);
  return JSON.stringify(value);
}

const goEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function encodeGoString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => goEscapes[char]);
}

/** Go's RFC 3339 form of a time it parsed (`time.RFC3339Nano`): no trailing zero fraction, `Z` for UTC. */
export function normalizeGoTime(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(time);
  if (!match) return time;
  const fraction = (match[2] ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = /^(z|[+-]00:00)$/i.test(match[3]) ? 'Z' : match[3];
  return `${match[1].replace('t', 'T')}${fraction ? `.${fraction}` : ''}${zone}`;
}
