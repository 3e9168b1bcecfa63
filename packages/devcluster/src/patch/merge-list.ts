/** Lists in a strategic merge patch: replaced, unioned (primitives) or merged item by item on a key. */

import { itemSchema } from '../schema.js';
import type { SchemaNode } from '../types.js';
import { Directive, PatchDirective, takeWhole } from './directives.js';
import { type ElementKind, findByMergeKey, normalizeElementOrder, partitionByPresence } from './element-order.js';
import { hasOwn, type JsonObject, jsonKind } from './json-value.js';
import type { FieldPatchMeta } from './patch-meta.js';
import {
  badPatchType,
  listOfLists,
  mixedElementTypes,
  noMergeKey,
  StrategicMergePatchError,
} from './strategic-merge-error.js';

export type MergeMap = (original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined) => JsonObject;

export interface ListMerge {
  original: unknown[];
  patch: unknown[];
  /** The field's name, for messages. */
  field: string;
  meta: FieldPatchMeta;
  /** The patch is a `$deleteFromPrimitiveList/<field>` list. */
  deleteList: boolean;
  mergeMap: MergeMap;
}

/** The kind shared by every element of the lists; apimachinery refuses lists that mix kinds. */
export function elementKind(...lists: unknown[][]): ElementKind {
  let kind: string | undefined;
  for (const item of lists.flat()) {
    const current = jsonKind(item);
    if (kind === undefined) {
      if (current === 'array') throw listOfLists();
      kind = current;
    } else if (kind !== current) {
      throw mixedElementTypes(lists);
    }
  }
  if (kind === undefined) throw new StrategicMergePatchError('no elements in any of the given slices');
  return kind === 'object' ? 'map' : 'primitive';
}

/** Applies `$patch: delete` items to the live list and separates the plain patch items. */
function applySpecialItems(original: unknown[], patch: JsonObject[], mergeKey: string) {
  const plain: JsonObject[] = [];
  let remaining = original;
  let replace = false;
  for (const item of patch) {
    if (!hasOwn(item, Directive.marker)) {
      plain.push(item);
      continue;
    }
    const directive = item[Directive.marker];
    if (directive === PatchDirective.delete) {
      if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      remaining = remaining.filter((live) => (live as JsonObject)[mergeKey] !== item[mergeKey]);
    } else if (directive === PatchDirective.replace) {
      replace = true;
    } else if (directive === PatchDirective.merge) {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  return { remaining, plain, replace };
}

/** A merged list, and the live order `$setElementOrder` interleaves server-only items by. */
export interface MergedList {
  items: unknown[];
  /**
   * apimachinery deletes and appends in place on the live slice, so the live list it later orders
   * by has deleted items shifted out and the freed tail slots taken by appended items.
   */
  liveOrder: unknown[];
}

interface KeyedMerge {
  merged: unknown[];
  serverOrder: unknown[];
  patchOrder: unknown[];
  liveOrder: unknown[];
}

function mergeKeyedItems(input: ListMerge): KeyedMerge {
  const { original, meta } = input;
  const special = applySpecialItems(original, input.patch as JsonObject[], meta.mergeKey);
  if (special.replace) {
    // `$patch: replace` makes the other items the whole list.
    const items = takeWhole(special.plain) as unknown[];
    return { merged: items, serverOrder: items, patchOrder: [], liveOrder: special.remaining };
  }
  const schema = itemSchema(meta.schema);
  const merged = [...special.remaining];
  const appended: unknown[] = [];
  for (const item of special.plain) {
    if (!hasOwn(item, meta.mergeKey)) throw noMergeKey(item, meta.mergeKey);
    const index = findByMergeKey(merged, meta.mergeKey, item[meta.mergeKey]);
    if (index >= 0) {
      merged[index] = input.mergeMap(merged[index] as JsonObject, item, schema);
    } else {
      const added = takeWhole(item);
      merged.push(added);
      appended.push(added);
    }
  }
  const liveOrder = [...special.remaining, ...appended].slice(0, original.length);
  return { merged, serverOrder: special.remaining, patchOrder: special.plain, liveOrder };
}

function mergeSlice(input: ListMerge): MergedList {
  const { original, patch, meta } = input;
  if (original.length === 0 && patch.length === 0) return { items: original, liveOrder: original };
  const kind = elementKind(original, patch);
  let keyed: KeyedMerge;
  if (kind === 'primitive') {
    if (input.deleteList) return { items: original.filter((item) => !patch.includes(item)), liveOrder: original };
    const merged = [...new Set([...original, ...patch])];
    keyed = { merged, serverOrder: original, patchOrder: patch, liveOrder: original };
  } else {
    if (!meta.mergeKey) throw new StrategicMergePatchError(`cannot merge lists without merge key for ${input.field}`);
    keyed = mergeKeyedItems(input);
  }
  const { named, rest } = partitionByPresence(keyed.merged, keyed.patchOrder, meta.mergeKey);
  const items = normalizeElementOrder({
    patchItems: named,
    serverOnlyItems: rest,
    patchOrder: keyed.patchOrder,
    serverOrder: keyed.serverOrder,
    mergeKey: meta.mergeKey,
    kind,
  });
  return { items, liveOrder: keyed.liveOrder };
}

/** Merges a list field: `merge` strategy (or a deletion list) merges, anything else replaces. */
export function mergeListWithOrder(input: ListMerge): MergedList {
  if (input.meta.strategy === PatchDirective.merge || input.deleteList) return mergeSlice(input);
  return { items: takeWhole(input.patch) as unknown[], liveOrder: input.original };
}

export const mergeList = (input: ListMerge): unknown[] => mergeListWithOrder(input).items;
