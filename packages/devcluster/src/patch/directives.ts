/** The `$`-keys of a strategic merge patch and the helpers that consume them. */

import { hasOwn, isJsonObject, type JsonObject, setOwn } from './json-value.js';
import { badPrimitiveListFormat, badRetainKeysFormat, badSetElementOrderFormat } from './strategic-merge-error.js';

export const Directive = {
  marker: '$patch',
  retainKeys: '$retainKeys',
  deleteFromPrimitiveList: '$deleteFromPrimitiveList',
  setElementOrder: '$setElementOrder',
} as const;

export const PatchDirective = { replace: 'replace', delete: 'delete', merge: 'merge' } as const;

/** `$setElementOrder/containers` → `containers`. */
export function fieldOfParallelList(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === Directive.setElementOrder ? badSetElementOrderFormat() : badPrimitiveListFormat();
  }
  return key.slice(slash + 1);
}

const isParallelListKey = (key: string) =>
  key.startsWith(Directive.deleteFromPrimitiveList) || key.startsWith(Directive.setElementOrder);

/**
 * Applies `$retainKeys`: every key of `original` not listed is dropped. Every key the patch sets must
 * be listed. The server honours the directive wherever it appears, whatever the field's strategy.
 */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, Directive.retainKeys)) return;
  const listed = patch[Directive.retainKeys];
  delete patch[Directive.retainKeys];
  if (!Array.isArray(listed)) throw badRetainKeysFormat();
  const retained = new Set(listed);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || isParallelListKey(key)) continue;
    if (!retained.has(key)) throw badRetainKeysFormat();
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

const isDirectiveKey = (key: string) => key === Directive.retainKeys || isParallelListKey(key);

/**
 * Readies a patch subtree that is taken whole rather than merged. Like apimachinery's removeDirectives,
 * maps carrying `$patch` are dropped; the other directive keys and null map values are dropped too,
 * as decoding the result into the typed object on the real server would. Returns undefined when the
 * value itself is dropped.
 */
export function takeWhole(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const kept = takeWhole(item);
      return kept === undefined ? [] : [kept];
    });
  }
  if (!isJsonObject(value)) return value;
  if (hasOwn(value, Directive.marker)) return undefined;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || isDirectiveKey(key)) continue;
    const kept = takeWhole(item);
    if (kept !== undefined) setOwn(result, key, kept);
  }
  return result;
}
