/** The JSON type of a decoded value, as the API server's validator sees it (integral numbers are integers). */
export type JsonKind = 'null' | 'boolean' | 'string' | 'integer' | 'number' | 'array' | 'object';

export function jsonKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

export const isJsonObject = (value: unknown): value is Record<string, unknown> => jsonKind(value) === 'object';

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const kind = jsonKind(a);
  if (kind !== jsonKind(b)) return false;
  if (kind === 'array') {
    const left = a as unknown[];
    const right = b as unknown[];
    return left.length === right.length && left.every((item, i) => jsonEqual(item, right[i]));
  }
  if (kind === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((k) => k in right && jsonEqual(left[k], right[k]));
  }
  return false;
}
