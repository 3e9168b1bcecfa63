import type { GoFunction } from './go-eval.js';
import { GoFloat, goTyped, kindOf, structFields, typeNameOf } from './go-value.js';
import { empty } from './sprig-logic.js';
import { isNil, nilPointer, str, strval, wrongType } from './sprig-values.js';

/* Lists: Sprig takes any slice and returns []interface{}. */

function reflectKind(value: unknown): string {
  const kind = kindOf(value);
  return kind === 'float' ? 'float64' : kind;
}

function sequence(value: unknown, action: string): unknown[] {
  if (isNil(value)) throw new Error(nilPointer);
  if (Array.isArray(value)) return value;
  throw new Error(`Cannot ${action} on type ${reflectKind(value)}`);
}

/** Go's reflect.DeepEqual for template values: same Go type and equal contents. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (kindOf(a) !== kindOf(b) || typeNameOf(a) !== typeNameOf(b)) return false;
  switch (kindOf(a)) {
    case 'slice': {
      const [x, y] = [a as unknown[], b as unknown[]];
      return x.length === y.length && x.every((item, i) => deepEqual(item, y[i]));
    }
    case 'map': {
      const [x, y] = [a as Map<unknown, unknown>, b as Map<unknown, unknown>];
      return x.size === y.size && [...x].every(([k, v]) => y.has(k) && deepEqual(v, y.get(k)));
    }
    case 'struct': {
      const [x, y] = [structFields(a as object), structFields(b as object)];
      return x.length === y.length && x.every(([name, v], i) => name === y[i][0] && deepEqual(v, y[i][1]));
    }
    case 'func':
      return false;
    default:
      return numberOrSelf(a) === numberOrSelf(b);
  }
}

const numberOrSelf = (value: unknown) => (value instanceof GoFloat ? value.value : value);
const inList = (list: unknown[], item: unknown) => list.some((candidate) => deepEqual(item, candidate));

function uniq(list: unknown): unknown[] {
  const out: unknown[] = [];
  for (const item of sequence(list, 'find uniq')) if (!inList(out, item)) out.push(item);
  return out;
}

/** Sprig's strslice: a slice as strings (nil elements dropped), anything else as one string. */
function strslice(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => !isNil(item)).map(strval);
  return isNil(value) ? [] : [strval(value)];
}

function sortAlpha(value: unknown): string[] {
  const strings = Array.isArray(value) ? strslice(value) : [strval(value)];
  return goTyped(
    '[]string',
    strings.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
  );
}

function splitList(separator: string, text: string): string[] {
  return goTyped('[]string', separator === '' ? Array.from(text) : text.split(separator));
}

export const listFunctions: [string, GoFunction, number, boolean?][] = [
  ['list', (...items) => items.map((item) => item ?? null), 0, true],
  ['append', (list, item) => [...sequence(list, 'push'), item ?? null], 2],
  ['prepend', (list, item) => [item ?? null, ...sequence(list, 'prepend')], 2],
  ['first', (list) => sequence(list, 'find first')[0] ?? null, 1],
  ['last', (list) => sequence(list, 'find last').at(-1) ?? null, 1],
  ['rest', (list) => sequence(list, 'find rest').slice(1), 1],
  ['initial', (list) => sequence(list, 'find initial').slice(0, -1), 1],
  ['reverse', (list) => [...sequence(list, 'find reverse')].reverse(), 1],
  ['compact', (list) => sequence(list, 'compact').filter((item) => !empty(item)), 1],
  ['uniq', uniq, 1],
  ['without', (list, ...omit) => sequence(list, 'find without').filter((item) => !inList(omit, item)), 1, true],
  ['has', (needle, list) => !isNil(list) && inList(sequence(list, 'find has'), needle ?? null), 2],
  ['join', (separator, list) => strslice(list).join(str(separator)), 2],
  ['splitList', (separator, text) => splitList(str(separator), str(text)), 2],
  ['sortAlpha', sortAlpha, 1],
];

/* Dicts: Sprig's parameters are map[string]interface{}, so other map types do not convert. */

const dictType = 'map[string]interface {}';

function dictOf(value: unknown): Map<string, unknown> {
  if (value instanceof Map && typeNameOf(value) === dictType) return value as Map<string, unknown>;
  if (value === null) return new Map();
  throw wrongType(dictType, value);
}

function dict(...pairs: unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (let i = 0; i < pairs.length; i += 2) out.set(strval(pairs[i]), i + 1 < pairs.length ? pairs[i + 1] : '');
  return out;
}

function set(map: unknown, key: unknown, value: unknown): Map<string, unknown> {
  if (map === null) throw new Error('assignment to entry in nil map');
  return dictOf(map).set(str(key), value ?? null);
}

export const dictFunctions: [string, GoFunction, number, boolean?][] = [
  ['dict', dict, 0, true],
  ['get', (map, key) => (dictOf(map).has(str(key)) ? dictOf(map).get(str(key)) : ''), 2],
  ['set', set, 3],
  ['hasKey', (map, key) => dictOf(map).has(str(key)), 2],
  [
    'keys',
    (...maps) =>
      goTyped(
        '[]string',
        maps.flatMap((map) => [...dictOf(map).keys()].sort()),
      ),
    0,
    true,
  ],
  [
    'pluck',
    (key, ...maps) => maps.map(dictOf).flatMap((map) => (map.has(str(key)) ? [map.get(str(key))] : [])),
    1,
    true,
  ],
];
