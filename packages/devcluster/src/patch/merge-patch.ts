import { cloneJson, isJsonObject, type JsonObject, setOwn } from './json-value.js';

/**
 * RFC 7386 JSON merge patch: objects merge key by key, `null` removes a key, anything else replaces
 * the target. Returns a new value; neither input is changed or shared with the result.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setOwn(result, key, applyMergePatch(result[key], value));
  }
  return result;
}
