import { itemSchema, propertySchema, refTo, resolveSchema } from '../schema.js';
import type { SchemaNode } from '../types.js';

/**
 * How structured-merge-diff treats a schema node: whether maps are granular or atomic, and whether
 * lists are atomic, sets, or associative lists keyed by some of their items' fields.
 */

export type ListType = 'atomic' | 'set' | 'map';

export interface ListShape {
  readonly type: ListType;
  readonly keys: readonly string[];
  /** Values used for key fields an item leaves out, as the API server does with schema defaults. */
  readonly keyDefaults: Readonly<Record<string, unknown>>;
}

export interface FieldShape {
  readonly shape: Shape;
  /** A property the schema names (a struct field), not a key of a free-form map. */
  readonly declared: boolean;
}

const atomicList: ListShape = Object.freeze({ type: 'atomic', keys: [], keyDefaults: {} });
const setList: ListShape = Object.freeze({ type: 'set', keys: [], keyDefaults: {} });

/** Built-in key fields without a schema default the API server still defaults before keying. */
const builtinKeyDefaults: Record<string, unknown> = { protocol: 'TCP' };

/** Merge keys whose list the API server keys by `protocol` as well. */
const protocolKeyed = new Set(['containerPort', 'port']);

export class Shape {
  readonly atomicMap: boolean;
  readonly nullable: boolean;
  readonly list: ListShape;
  /** Fields no walk looks at (the root's `metadata.managedFields`). */
  readonly ignored: ReadonlySet<string> | undefined;
  readonly #node: SchemaNode | undefined;
  readonly #overrides: Readonly<Record<string, FieldShape>>;
  readonly #declared = new Map<string, FieldShape>();
  #additional: FieldShape | undefined;
  #item: Shape | undefined;

  constructor(
    node: SchemaNode | undefined,
    options: { overrides?: Record<string, FieldShape>; ignored?: ReadonlySet<string> } = {},
  ) {
    this.#node = node;
    this.#overrides = options.overrides ?? {};
    this.ignored = options.ignored;
    this.atomicMap = node?.['x-kubernetes-map-type'] === 'atomic';
    this.nullable = node?.nullable === true;
    this.list = node ? listShapeOf(node) : atomicList;
  }

  field(name: string): FieldShape {
    const override = this.#overrides[name];
    if (override) return override;
    const properties = this.#node?.properties;
    if (properties && Object.hasOwn(properties, name)) {
      let declared = this.#declared.get(name);
      if (!declared) {
        declared = { shape: shapeOf(propertySchema(this.#node, name)), declared: true };
        this.#declared.set(name, declared);
      }
      return declared;
    }
    // Free-form keys all share one shape, so label keys and the like never grow a cache.
    this.#additional ??= {
      shape: typeof this.#node?.additionalProperties === 'object' ? shapeOf(propertySchema(this.#node, name)) : unknown,
      declared: false,
    };
    return this.#additional;
  }

  get item(): Shape {
    this.#item ??= shapeOf(itemSchema(this.#node));
    return this.#item;
  }
}

function listShapeOf(node: SchemaNode): ListShape {
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'set') return setList;
  if (listType === 'atomic') return atomicList;
  const mergeKey = node['x-kubernetes-patch-merge-key'];
  if (listType === 'map') return keyedList(node, node['x-kubernetes-list-map-keys'] ?? (mergeKey ? [mergeKey] : []));
  const strategies = node['x-kubernetes-patch-strategy']?.split(',') ?? [];
  if (!strategies.includes('merge')) return atomicList;
  if (!mergeKey) return setList;
  return keyedList(node, protocolKeyed.has(mergeKey) ? [mergeKey, 'protocol'] : [mergeKey]);
}

function keyedList(node: SchemaNode, keys: readonly string[]): ListShape {
  const item = itemSchema(node);
  const keyDefaults: Record<string, unknown> = {};
  for (const key of keys) {
    const fallback = resolveSchema(item?.properties?.[key])?.default ?? builtinKeyDefaults[key];
    if (fallback !== undefined) keyDefaults[key] = fallback;
  }
  return Object.freeze({ type: 'map', keys: [...keys].sort(), keyDefaults });
}

/** Anything the schema does not describe: granular maps, atomic lists. */
const unknown = new Shape(undefined);

const shapes = new WeakMap<SchemaNode, Shape>();

export function shapeOf(node: SchemaNode | undefined): Shape {
  if (!node) return unknown;
  let shape = shapes.get(node);
  if (!shape) {
    shape = new Shape(node);
    shapes.set(node, shape);
  }
  return shape;
}

/** Custom resource schemas leave metadata loose; the API server always types it as ObjectMeta. */
const objectMeta = resolveSchema(refTo('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'));
const rootMetadata: FieldShape = {
  shape: new Shape(objectMeta, { ignored: new Set(['managedFields']) }),
  declared: true,
};

const roots = new WeakMap<SchemaNode, Shape>();

/** The shape of a whole object of a resource whose schema is `schema`. */
export function rootShapeOf(schema: SchemaNode): Shape {
  let shape = roots.get(schema);
  if (!shape) {
    shape = new Shape(resolveSchema(schema), { overrides: { metadata: rootMetadata } });
    roots.set(schema, shape);
  }
  return shape;
}
