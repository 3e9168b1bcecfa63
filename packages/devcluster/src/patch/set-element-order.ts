/** `$setElementOrder/<field>`: the order kubectl wants a merged list in. */

import type { SchemaNode } from '../types.js';
import { Directive, fieldOfParallelList, PatchDirective, takeWhole } from './directives.js';
import { normalizeElementOrder, partitionByPresence } from './element-order.js';
import { formatGo } from './go-format.js';
import { hasOwn, isJsonObject, type JsonObject } from './json-value.js';
import { elementKind, type MergeMap, mergeListWithOrder } from './merge-list.js';
import { lookupFieldMeta } from './patch-meta.js';
import { badArgType, noMergeKey, StrategicMergePatchError } from './strategic-merge-error.js';

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badArgType('list', value);
  return value;
}

function sameItem(patchItem: unknown, orderItem: unknown, mergeKey: string): boolean {
  if (!mergeKey) return patchItem === orderItem;
  for (const item of [patchItem, orderItem]) {
    if (!isJsonObject(item)) throw badArgType('map', item);
    if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  }
  return (patchItem as JsonObject)[mergeKey] === (orderItem as JsonObject)[mergeKey];
}

/** The patch list's items (deletions and directives aside) must appear in the order list, in its order. */
function validateAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const item of patchList) if (!isJsonObject(item)) throw badArgType('map', item);
    items = patchList.filter((item) => (item as JsonObject)[Directive.marker] !== PatchDirective.delete);
  }
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < items.length && orderIndex < order.length) {
    const item = items[patchIndex];
    if (isJsonObject(item) && hasOwn(item, Directive.marker)) {
      patchIndex++;
      continue;
    }
    if (sameItem(item, order[orderIndex], mergeKey)) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < items.length) {
    throw new StrategicMergePatchError(
      `the order in patch list:\n${formatGo(patchList)}\n doesn't match ${Directive.setElementOrder} list:\n${formatGo(order)}`,
    );
  }
}

interface OrderedField {
  original: JsonObject;
  patch: JsonObject;
  field: string;
  order: unknown[];
  schema: SchemaNode | undefined;
  mergeMap: MergeMap;
}

/** Merges `field` (when both sides have it) and puts the result in `order`. */
function orderField({ original, patch, field, order, schema, mergeMap }: OrderedField): void {
  const foundOriginal = hasOwn(original, field);
  const foundPatch = hasOwn(patch, field);
  const originalList = foundOriginal ? asList(original[field]) : [];
  const patchList = foundPatch ? asList(patch[field]) : [];
  const meta = lookupFieldMeta(schema, field);
  validateAgainstOrder(patchList, order, meta.mergeKey);
  if (!foundOriginal && !foundPatch) return;

  let merged = originalList;
  let liveOrder = originalList;
  if (foundOriginal && foundPatch) {
    ({ items: merged, liveOrder } = mergeListWithOrder({
      original: originalList,
      patch: patchList,
      field,
      meta,
      deleteList: false,
      mergeMap,
    }));
  } else if (foundPatch) {
    merged = takeWhole(patchList) as unknown[];
  }
  delete patch[field];
  const kind = elementKind(originalList, patchList);
  if (kind === 'map' && !meta.mergeKey) {
    // Maps without a merge key cannot be named in an order list (upstream panics here); keep the merge.
    original[field] = merged;
    return;
  }
  const { named, rest } = partitionByPresence(merged, order, meta.mergeKey);
  original[field] = normalizeElementOrder({
    patchItems: named,
    serverOnlyItems: rest,
    patchOrder: order,
    serverOrder: liveOrder,
    mergeKey: meta.mergeKey,
    kind,
  });
}

/**
 * Merges every list that has a `$setElementOrder/<field>` and puts it in that order, consuming both
 * the directive and the list from `patch`.
 */
export function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
  mergeMap: MergeMap,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(Directive.setElementOrder)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('list', order);
    const field = fieldOfParallelList(key, Directive.setElementOrder);
    orderField({ original, patch, field, order, schema, mergeMap });
  }
}
