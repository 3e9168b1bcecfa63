/** Helpers over parsed JSON values (objects, arrays, strings, numbers, booleans, null). */

export type JsonObject = Record<string, unknown>;

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function jsonKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value as JsonKind;
}

export const hasOwn = (object: JsonObject, key: string): boolean => Object.hasOwn(object, key);

/** Sets an own property; `__proto__` from parsed JSON must stay a plain key, never the prototype. */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (!isJsonObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) setOwn(copy, key, cloneJson(item));
  return copy as T;
}
