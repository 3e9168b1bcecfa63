import type { FieldsV1 } from '../types.js';
import { type FieldEntry, fieldKey, makeNode, makeSet } from './field-set.js';
import { isObject, type JsonObject, jsonEqual } from './json.js';
import { indexItems } from './list-key.js';
import type { Shape } from './schema-shape.js';

/** What changed between two versions of an object, as structured-merge-diff's Compare reports it. */
export interface FieldDiff {
  added: FieldsV1;
  modified: FieldsV1;
  removed: FieldsV1;
}

interface DiffEntries {
  added: FieldEntry[];
  modified: FieldEntry[];
  removed: FieldEntry[];
}

const noEntries = (): DiffEntries => ({ added: [], modified: [], removed: [] });

export function compareObjects(before: JsonObject, after: JsonObject, shape: Shape): FieldDiff {
  const entries = noEntries();
  if (before !== after) compareMaps(before, after, shape, entries);
  return { added: makeSet(entries.added), modified: makeSet(entries.modified), removed: makeSet(entries.removed) };
}

/** `undefined` on either side means absent. */
function compareValues(key: string, before: unknown, after: unknown, shape: Shape, out: DiffEntries): void {
  if (before === after) return;
  const kind = granularKind(before, after, shape);
  if (!kind) {
    if (before === undefined) out.added.push([key, {}]);
    else if (after === undefined) out.removed.push([key, {}]);
    else if (!jsonEqual(before, after)) out.modified.push([key, {}]);
    return;
  }
  const inner = noEntries();
  if (kind === 'map') compareMaps(before as JsonObject | undefined, after as JsonObject | undefined, shape, inner);
  else compareLists(before as unknown[] | undefined, after as unknown[] | undefined, shape, inner);
  push(out.added, key, makeNode(before === undefined, inner.added));
  push(out.removed, key, makeNode(after === undefined, inner.removed));
  push(out.modified, key, makeNode(false, inner.modified));
}

function push(entries: FieldEntry[], key: string, node: FieldsV1 | undefined): void {
  if (node) entries.push([key, node]);
}

/** Whether to descend: both sides granular maps (or lists) of which at least one has content. */
function granularKind(before: unknown, after: unknown, shape: Shape): 'map' | 'list' | undefined {
  const sample = before === undefined ? after : before;
  if (isObject(sample)) {
    if (shape.atomicMap || !isMapOrAbsent(before) || !isMapOrAbsent(after)) return undefined;
    return hasContent(before) || hasContent(after) ? 'map' : undefined;
  }
  if (Array.isArray(sample)) {
    if (shape.list.type === 'atomic' || !isListOrAbsent(before) || !isListOrAbsent(after)) return undefined;
    return hasContent(before) || hasContent(after) ? 'list' : undefined;
  }
  return undefined;
}

const isMapOrAbsent = (value: unknown): boolean => value === undefined || isObject(value);
const isListOrAbsent = (value: unknown): boolean => value === undefined || Array.isArray(value);

function hasContent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) for (const _ in value) return true;
  return false;
}

function compareMaps(before: JsonObject | undefined, after: JsonObject | undefined, shape: Shape, out: DiffEntries) {
  if (before) {
    for (const name of Object.keys(before)) {
      if (shape.ignored?.has(name)) continue;
      const next = after && Object.hasOwn(after, name) ? after[name] : undefined;
      compareValues(fieldKey(name), before[name], next, shape.field(name).shape, out);
    }
  }
  if (after) {
    for (const name of Object.keys(after)) {
      if (shape.ignored?.has(name) || (before && Object.hasOwn(before, name))) continue;
      compareValues(fieldKey(name), undefined, after[name], shape.field(name).shape, out);
    }
  }
}

function compareLists(before: unknown[] | undefined, after: unknown[] | undefined, shape: Shape, out: DiffEntries) {
  const old = before ? indexItems(before, shape.list, false).byKey : undefined;
  const next = after ? indexItems(after, shape.list, false).byKey : undefined;
  const item = shape.item;
  if (next) for (const [key, value] of next) compareValues(key, old?.get(key), value, item, out);
  if (old) for (const [key, value] of old) if (!next?.has(key)) compareValues(key, value, undefined, item, out);
}
