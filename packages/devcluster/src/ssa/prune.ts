import type { FieldsV1 } from '../types.js';
import { childOf, hasChildren, isMember, SELF } from './field-set.js';
import { isObject, type JsonObject, setOwn } from './json.js';
import { itemKey } from './list-key.js';
import type { Shape } from './schema-shape.js';

/**
 * Removes, in place, what an applier set last time and no manager (the applier's new configuration
 * included) owns any more — structured-merge-diff's prune. Like it, a schema-declared field on
 * either side counts as owned when anything under it is, so dropping the last label an applier set
 * drops `labels` unless someone else still has one.
 */
export function pruneObject(object: JsonObject, last: FieldsV1, owned: FieldsV1, shape: Shape): void {
  pruneMap(object, last, owned, shape);
}

function pruneMap(object: JsonObject, last: FieldsV1, owned: FieldsV1 | undefined, shape: Shape): void {
  for (const key in last) {
    if (key === SELF || !key.startsWith('f:')) continue;
    const name = key.slice(2);
    if (!Object.hasOwn(object, name)) continue;
    const field = shape.field(name);
    const lastNode = last[key];
    const ownedNode = owned && childOf(owned, key);
    const ownedNow = ownedNode !== undefined && (field.declared || isMember(ownedNode));
    if ((field.declared || isMember(lastNode)) && !ownedNow) {
      delete object[name];
    } else if (hasChildren(lastNode)) {
      setOwn(object, name, pruneValue(object[name], lastNode, ownedNode, field.shape));
    }
  }
}

function pruneValue(value: unknown, last: FieldsV1, owned: FieldsV1 | undefined, shape: Shape): unknown {
  if (isObject(value)) {
    if (!shape.atomicMap) pruneMap(value, last, owned, shape);
    return value;
  }
  if (Array.isArray(value) && shape.list.type !== 'atomic') return pruneList(value, last, owned, shape);
  return value;
}

function pruneList(items: unknown[], last: FieldsV1, owned: FieldsV1 | undefined, shape: Shape): unknown[] {
  const kept: unknown[] = [];
  for (const item of items) {
    const key = itemKey(item, shape.list, false);
    const lastNode = childOf(last, key);
    if (!lastNode) {
      kept.push(item);
      continue;
    }
    const ownedNode = owned && childOf(owned, key);
    if (isMember(lastNode) && !(ownedNode && isMember(ownedNode))) continue;
    kept.push(hasChildren(lastNode) ? pruneValue(item, lastNode, ownedNode, shape.item) : item);
  }
  return kept;
}
