import type { GoFunctionSpec } from './go-eval.js';
import { sprint, sprintln } from './go-fmt.js';
import { sprintf } from './go-printf.js';
import { compareKeys, goZeroValue, isTrue, kindOf, numberOf, structFields, typeNameOf } from './go-value.js';

type Basic = 'bool' | 'int' | 'float' | 'string';

function basicKind(value: unknown): Basic | undefined {
  const kind = kindOf(value);
  return kind === 'bool' || kind === 'int' || kind === 'float' || kind === 'string' ? kind : undefined;
}

function sameStruct(a: unknown, b: unknown): boolean {
  if (typeNameOf(a) !== typeNameOf(b)) throw new Error('incompatible types for comparison');
  const fields = structFields(a as object);
  if (fields.some(([, v]) => kindOf(v) === 'slice' || kindOf(v) === 'map')) {
    throw new Error(`non-comparable type ${typeNameOf(a)}`);
  }
  return compareKeys(a, b) === 0;
}

function equals(a: unknown, b: unknown): boolean {
  const isNil = (v: unknown) => v === null || v === undefined;
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new Error('incompatible types for comparison');
  if (ka === 'int' || ka === 'float') return numberOf(a) === numberOf(b);
  if (ka) return a === b;
  const kind = kindOf(a);
  if (kind === 'slice' || kind === 'map' || kind === 'func') throw new Error(`non-comparable type ${typeNameOf(a)}`);
  return sameStruct(a, b);
}

function eq(first: unknown, ...others: unknown[]): boolean {
  if (others.length === 0) throw new Error('missing argument for comparison');
  return others.some((other) => equals(first, other));
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (!ka || !kb) throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error('incompatible types for comparison');
  if (ka === 'bool') throw new Error('invalid type for comparison');
  return compareKeys(a, b) < 0;
}

function indexArg(index: unknown, cap: number, inclusive: boolean): number {
  if (index === null || index === undefined) throw new Error('cannot index slice/array with nil');
  if (kindOf(index) !== 'int') throw new Error(`cannot index slice/array with type ${typeNameOf(index)}`);
  const i = numberOf(index);
  if (i < 0 || (inclusive ? i > cap : i >= cap)) throw new Error(`index out of range: ${i}`);
  return i;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let value = item;
  for (const key of indexes) {
    const kind = kindOf(value);
    if (kind === 'invalid' || kind === 'nil') throw new Error('index of untyped nil');
    if (kind === 'slice') value = (value as unknown[])[indexArg(key, (value as unknown[]).length, false)];
    else if (kind === 'string')
      value = Buffer.from(value as string)[indexArg(key, Buffer.byteLength(value as string), false)];
    else if (kind === 'map') {
      const map = value as Map<unknown, unknown>;
      value = map.has(key) ? map.get(key) : (map as unknown as Record<symbol, unknown>)[goZeroValue];
    } else throw new Error(`can't index item of type ${typeNameOf(value)}`);
  }
  return value;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  const kind = kindOf(item);
  if (kind === 'invalid' || kind === 'nil') throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  if (kind === 'string' && indexes.length === 3) throw new Error('cannot 3-index slice a string');
  if (kind !== 'string' && kind !== 'slice') throw new Error(`can't slice item of type ${typeNameOf(item)}`);
  const bytes = kind === 'string' ? Buffer.from(item as string) : undefined;
  const length = bytes ? bytes.length : (item as unknown[]).length;
  const [from, to] = [0, length].map((fallback, i) =>
    i < indexes.length ? indexArg(indexes[i], length, true) : fallback,
  );
  if (from > to) throw new Error(`invalid slice index: ${from} > ${to}`);
  if (indexes.length === 3 && to > indexArg(indexes[2], length, true)) {
    throw new Error(`invalid slice index: ${to} > ${numberOf(indexes[2])}`);
  }
  return bytes ? bytes.subarray(from, to).toString() : (item as unknown[]).slice(from, to);
}

function length(item: unknown): number {
  switch (kindOf(item)) {
    case 'string':
      return Buffer.byteLength(item as string);
    case 'slice':
      return (item as unknown[]).length;
    case 'map':
      return (item as Map<unknown, unknown>).size;
    case 'invalid':
    case 'nil':
      throw new Error('len of nil pointer');
    default:
      throw new Error(`len of type ${typeNameOf(item)}`);
  }
}

function printf(format: unknown, ...args: unknown[]): string {
  if (typeof format !== 'string') throw new Error(`wrong type for value; expected string; got ${typeNameOf(format)}`);
  return sprintf(format, args);
}

const htmlEscapes: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function evalArgs(args: unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

const nilToNull =
  (fn: (...args: any[]) => unknown) =>
  (...args: unknown[]) =>
    fn(...args.map((arg) => (arg === undefined ? null : arg)));

/** Go's text/template builtin functions (without `call`, as templates get no function values). */
export const builtinFunctions: ReadonlyMap<string, GoFunctionSpec> = new Map<string, GoFunctionSpec>([
  ['and', { fn: () => undefined, params: 1, variadic: true, shortCircuit: 'and' }],
  ['or', { fn: () => undefined, params: 1, variadic: true, shortCircuit: 'or' }],
  ['not', { fn: (arg) => !isTrue(arg), params: 1 }],
  ['len', { fn: length, params: 1 }],
  ['index', { fn: index, params: 1, variadic: true }],
  ['slice', { fn: slice, params: 1, variadic: true }],
  ['print', { fn: nilToNull((...args) => sprint(args)), params: 0, variadic: true }],
  ['println', { fn: nilToNull((...args) => sprintln(args)), params: 0, variadic: true }],
  ['printf', { fn: nilToNull(printf), params: 1, variadic: true }],
  ['eq', { fn: eq, params: 1, variadic: true }],
  ['ne', { fn: (a, b) => !eq(a, b), params: 2 }],
  ['lt', { fn: lt, params: 2 }],
  ['le', { fn: (a, b) => lt(a, b) || eq(a, b), params: 2 }],
  ['gt', { fn: (a, b) => !(lt(a, b) || eq(a, b)), params: 2 }],
  ['ge', { fn: (a, b) => !lt(a, b), params: 2 }],
  [
    'html',
    {
      fn: nilToNull((...args) => evalArgs(args).replace(/["'&<>]/g, (c) => htmlEscapes[c])),
      params: 0,
      variadic: true,
    },
  ],
  ['urlquery', { fn: nilToNull((...args) => queryEscape(evalArgs(args))), params: 0, variadic: true }],
]);

/** Go's url.QueryEscape: unreserved bytes kept, space as `+`, the rest as %XX. */
function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}
