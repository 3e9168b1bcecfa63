import type { FieldsV1 } from '../types.js';
import { type FieldEntry, fieldKey, makeNode, makeSet } from './field-set.js';
import { isObject, type JsonObject } from './json.js';
import { itemKey } from './list-key.js';
import type { Shape } from './schema-shape.js';

/**
 * The fields an object sets, as structured-merge-diff's ToFieldSet records them: leaves, atomic
 * values, list items and free-form map keys are owned themselves; schema-declared fields holding a
 * non-empty granular value are only paths to what they hold.
 */
export function valueFieldSet(object: JsonObject, shape: Shape): FieldsV1 {
  return makeSet(mapEntries(object, shape));
}

function mapEntries(object: JsonObject, shape: Shape): FieldEntry[] {
  const entries: FieldEntry[] = [];
  for (const name of Object.keys(object)) {
    const value = object[name];
    if (value === undefined || shape.ignored?.has(name)) continue;
    const field = shape.field(name);
    const node = fieldNode(value, field.shape, field.declared);
    if (node) entries.push([fieldKey(name), node]);
  }
  return entries;
}

function fieldNode(value: unknown, shape: Shape, declared: boolean): FieldsV1 | undefined {
  const entries = childEntries(value, shape);
  if (!entries) return {};
  const emptyMap = isObject(value) && entries.length === 0;
  return makeNode(!declared || emptyMap, entries);
}

/** The entries under a granular map or list; undefined for leaves (scalars, atomic values). */
function childEntries(value: unknown, shape: Shape): FieldEntry[] | undefined {
  if (isObject(value)) return shape.atomicMap ? undefined : mapEntries(value, shape);
  if (Array.isArray(value) && shape.list.type !== 'atomic') return listEntries(value, shape);
  return undefined;
}

function listEntries(items: unknown[], shape: Shape): FieldEntry[] {
  const entries: FieldEntry[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = itemKey(item, shape.list, false);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push([key, makeNode(true, childEntries(item, shape.item))!]);
  }
  return entries;
}
