import type { GoFunction } from './go-eval.js';
import { kindOf, numberOf } from './go-value.js';
import { bool } from './sprig-values.js';

/* Defaults and logic. */

/** Sprig's empty: the zero value of its type; structs are never empty. */
export function empty(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return true;
    case 'bool':
      return value === false;
    case 'int':
    case 'float':
      return numberOf(value) === 0;
    case 'string':
      return (value as string).length === 0;
    case 'slice':
      return (value as unknown[]).length === 0;
    case 'map':
      return (value as Map<unknown, unknown>).size === 0;
    default:
      return false;
  }
}

export const logicFunctions: [string, GoFunction, number, boolean?][] = [
  ['default', (fallback, ...given) => (given.length === 0 || empty(given[0]) ? fallback : given[0]), 1, true],
  ['empty', empty, 1],
  ['coalesce', (...values) => values.find((value) => !empty(value)) ?? null, 0, true],
  ['ternary', (whenTrue, whenFalse, condition) => (bool(condition) ? whenTrue : whenFalse), 3],
];
