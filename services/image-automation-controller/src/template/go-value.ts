/** The Go type name of an object standing for a Go struct, map or slice (used in error messages and %T). */
export const goTypeName: unique symbol = Symbol('goTypeName');
/** The names of a struct's embedded fields, whose fields and methods are promoted. */
export const goEmbedded: unique symbol = Symbol('goEmbedded');
/** The zero value of a map's element type, which `index` returns for a missing key. */
export const goZeroValue: unique symbol = Symbol('goZeroValue');

/** A float64 whose value happens to be whole (a template literal such as `1.0` or `1e6`). */
export class GoFloat {
  constructor(readonly value: number) {}
}

export type GoKind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func';

/** `undefined` is Go's invalid value (a missing map key), `null` is nil. */
export function kindOf(value: unknown): GoKind {
  if (value === undefined) return 'invalid';
  if (value === null) return 'nil';
  if (value instanceof GoFloat) return 'float';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
  }
  if (Array.isArray(value)) return 'slice';
  if (value instanceof Map) return 'map';
  return 'struct';
}

export function numberOf(value: unknown): number {
  return value instanceof GoFloat ? value.value : Number(value);
}

export function typeNameOf(value: unknown): string {
  const named =
    typeof value === 'object' && value !== null ? (value as Record<symbol, unknown>)[goTypeName] : undefined;
  if (typeof named === 'string') return named;
  const fallback: Record<GoKind, string> = {
    invalid: '<nil>',
    nil: '<nil>',
    bool: 'bool',
    int: 'int',
    float: 'float64',
    string: 'string',
    slice: '[]interface {}',
    map: 'map[string]interface {}',
    struct: 'struct {}',
    func: 'func()',
  };
  return fallback[kindOf(value)];
}

/** Go's truth: not the zero value of its type; structs are always true. */
export function isTrue(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return value as boolean;
    case 'int':
    case 'float':
      return numberOf(value) !== 0;
    case 'string':
      return (value as string).length > 0;
    case 'slice':
      return (value as unknown[]).length > 0;
    case 'map':
      return (value as Map<unknown, unknown>).size > 0;
    default:
      return true;
  }
}

/** A struct's fields in declaration order; functions are methods, not fields. */
export function structFields(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, field]) => typeof field !== 'function');
}

function embeddedOf(value: object): object[] {
  const names = (value as Record<symbol, unknown>)[goEmbedded];
  if (!Array.isArray(names)) return [];
  return names
    .map((name) => (value as Record<string, unknown>)[name])
    .filter((field): field is object => typeof field === 'object' && field !== null);
}

const builtinPrototypes = new Set<unknown>([Object.prototype, Map.prototype, Array.prototype]);

function ownMember(value: object, name: string): { found: boolean; member?: unknown } {
  if (Object.hasOwn(value, name)) return { found: true, member: (value as Record<string, unknown>)[name] };
  for (let proto = Object.getPrototypeOf(value); proto && !builtinPrototypes.has(proto); ) {
    const member = Object.getOwnPropertyDescriptor(proto, name)?.value;
    if (typeof member === 'function') return { found: true, member };
    proto = Object.getPrototypeOf(proto);
  }
  return { found: false };
}

/** A field or method by name, looking through embedded structs breadth first as Go promotes them. */
export function lookupMember(value: object, name: string): { found: boolean; member?: unknown; owner?: object } {
  let level: object[] = [value];
  while (level.length > 0) {
    for (const candidate of level) {
      const hit = ownMember(candidate, name);
      if (hit.found) return { ...hit, owner: candidate };
    }
    level = level.flatMap(embeddedOf);
  }
  return { found: false };
}

/** A value's `String() string` method (Go's fmt.Stringer), or its own `toString`. */
export function stringerOf(value: unknown): (() => string) | undefined {
  if (kindOf(value) !== 'struct') return undefined;
  const object = value as object;
  for (const name of ['String', 'toString']) {
    const { found, member, owner } = lookupMember(object, name);
    if (found && typeof member === 'function') return () => String(member.call(owner));
  }
  return undefined;
}

function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const kindRank: Record<GoKind, number> = {
  invalid: 0,
  nil: 0,
  bool: 1,
  int: 2,
  float: 3,
  string: 4,
  struct: 5,
  slice: 6,
  map: 7,
  func: 8,
};

/** Orders map keys as Go's internal/fmtsort does: numbers, strings by bytes, false < true, structs field by field. */
export function compareKeys(a: unknown, b: unknown): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb && !(isNumeric(ka) && isNumeric(kb))) return kindRank[ka] - kindRank[kb];
  switch (ka) {
    case 'bool':
      return Number(a) - Number(b);
    case 'int':
    case 'float':
      return Math.sign(numberOf(a) - numberOf(b));
    case 'string':
      return compareStrings(a as string, b as string);
    case 'struct':
      return compareStructs(a as object, b as object);
    default:
      return 0;
  }
}

function isNumeric(kind: GoKind): boolean {
  return kind === 'int' || kind === 'float';
}

function compareStructs(a: object, b: object): number {
  const fa = structFields(a);
  const fb = structFields(b);
  for (let i = 0; i < Math.min(fa.length, fb.length); i++) {
    const order = compareKeys(fa[i][1], fb[i][1]);
    if (order !== 0) return order;
  }
  return fa.length - fb.length;
}

/** A map's entries in Go's sorted key order. */
export function sortedEntries(map: Map<unknown, unknown>): [unknown, unknown][] {
  return [...map.entries()].sort(([a], [b]) => compareKeys(a, b));
}

/** Whether `.Name` on this map reads a key (Go: the map's key type is string). */
export function hasStringKeys(map: Map<unknown, unknown>): boolean {
  for (const key of map.keys()) if (typeof key !== 'string') return false;
  return true;
}

/** Builds an object standing for a Go struct value. */
export function goStruct<T extends object>(typeName: string, fields: T, embedded: (keyof T & string)[] = []): T {
  Object.defineProperty(fields, goTypeName, { value: typeName });
  if (embedded.length > 0) Object.defineProperty(fields, goEmbedded, { value: embedded });
  return fields;
}

/** Tags a Map or array with its Go type (and a map with its element's zero value). */
export function goTyped<T extends object>(typeName: string, value: T, zero?: unknown): T {
  Object.defineProperty(value, goTypeName, { value: typeName });
  if (zero !== undefined) Object.defineProperty(value, goZeroValue, { value: zero });
  return value;
}
