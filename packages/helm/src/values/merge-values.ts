import type { Values } from '../release/release.js';

/**
 * Flux's `MergeMaps`: `overrides` merged into `base` key by key, recursing where both sides hold a map;
 * anything else on the override side (a list, a scalar, null) replaces what was there. Neither input is
 * changed, but the result shares the subtrees it took from them, as Flux's does.
 */
export function mergeValues(base: Values, overrides: Values | null | undefined): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const current = out[key];
    setOwn(out, key, isValuesMap(value) && isValuesMap(current) ? mergeValues(current, value) : value);
  }
  return out;
}

export function isValuesMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a key as an own property, so that a key named `__proto__` stays data. */
export function setOwn(target: Values, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
