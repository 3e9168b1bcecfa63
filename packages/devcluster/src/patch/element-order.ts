/**
 * The order of a merged list, as apimachinery settles it: items named by the patch (or by
 * `$setElementOrder`) follow that order, server-only items keep their live order, and the two are
 * interleaved using the live order wherever both items are in it.
 */

import { isJsonObject } from './json-value.js';
import { badArgType, noMergeKey, StrategicMergePatchError } from './strategic-merge-error.js';

/** Whether a list holds maps (merged by key) or primitives (compared by value). */
export type ElementKind = 'map' | 'primitive';

const identity = (item: unknown, mergeKey: string, kind: ElementKind): unknown =>
  kind === 'map' ? (isJsonObject(item) ? item[mergeKey] : undefined) : item;

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const wanted = identity(item, mergeKey, kind);
  return list.findIndex((candidate) => identity(candidate, mergeKey, kind) === wanted);
}

/** The index of the map in `list` whose merge key equals `value`, or -1; every item must be a map. */
export function findByMergeKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  for (const [index, item] of list.entries()) {
    if (!isJsonObject(item)) throw new StrategicMergePatchError(`value for key ${index} is not a map`);
    if (Object.hasOwn(item, mergeKey) && item[mergeKey] === value) return index;
  }
  return -1;
}

/** Splits `merged` into the items `partitionBy` names and the rest, each keeping its order. */
export function partitionByPresence(
  merged: readonly unknown[],
  partitionBy: readonly unknown[],
  mergeKey: string,
): { named: unknown[]; rest: unknown[] } {
  const named: unknown[] = [];
  const rest: unknown[] = [];
  for (const item of merged) {
    let found: boolean;
    if (mergeKey) {
      if (!isJsonObject(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      found = findByMergeKey(partitionBy, mergeKey, item[mergeKey]) >= 0;
    } else {
      found = partitionBy.includes(item);
    }
    (found ? named : rest).push(item);
  }
  return { named, rest };
}

function validateMergeKeys(mergeKey: string, ...lists: (readonly unknown[])[]): void {
  for (const item of lists.flat()) {
    if (!isJsonObject(item)) throw badArgType('map', item);
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  }
}

function sortByOrder(items: readonly unknown[], order: readonly unknown[], mergeKey: string, kind: ElementKind) {
  if (kind === 'map') validateMergeKeys(mergeKey, items, order);
  const ranked = items.map((item) => {
    const position = indexIn(order, item, mergeKey, kind);
    return { item, rank: position < 0 ? Number.MAX_SAFE_INTEGER : position };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map(({ item }) => item);
}

export interface ElementOrderInput {
  patchItems: readonly unknown[];
  serverOnlyItems: readonly unknown[];
  patchOrder: readonly unknown[];
  serverOrder: readonly unknown[];
  mergeKey: string;
  kind: ElementKind;
}

export function normalizeElementOrder(input: ElementOrderInput): unknown[] {
  const { serverOrder, mergeKey, kind } = input;
  const right = sortByOrder(input.patchItems, input.patchOrder, mergeKey, kind);
  const left = sortByOrder(input.serverOnlyItems, serverOrder, mergeKey, kind);
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const leftIndex = indexIn(serverOrder, left[i], mergeKey, kind);
    const rightIndex = indexIn(serverOrder, right[j], mergeKey, kind);
    if (leftIndex >= 0 && rightIndex >= 0 && leftIndex < rightIndex) result.push(left[i++]);
    else result.push(right[j++]);
  }
  return [...result, ...left.slice(i), ...right.slice(j)];
}
