import { InvalidApplyConfigError } from './errors.js';
import { formatPath } from './field-path.js';
import { goJson, isObject } from './json.js';
import type { ListShape } from './schema-shape.js';

/**
 * The FieldsV1 element naming a list item: `k:{"name":"nginx"}` for associative lists (key fields
 * sorted, left-out keys defaulted), `v:"a"` for sets. `strict` (apply configurations) rejects items
 * the API server cannot key; stored objects are keyed as well as they can be.
 */
export function itemKey(item: unknown, list: ListShape, strict: boolean): string {
  if (list.type !== 'map' || !isObject(item)) {
    if (strict && list.type === 'map')
      throw new InvalidApplyConfigError('associative list with keys may not have non-map elements');
    return `v:${goJson(item)}`;
  }
  let text = '';
  for (const name of list.keys) {
    const value = Object.hasOwn(item, name) ? item[name] : list.keyDefaults[name];
    if (value !== undefined) {
      text += `${text ? ',' : ''}${JSON.stringify(name)}:${goJson(value)}`;
    } else if (strict) {
      throw new InvalidApplyConfigError(
        `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`,
      );
    }
  }
  return `k:{${text}}`;
}

/** Item keys in list order, and the first item for each key. */
export function indexItems(items: readonly unknown[], list: ListShape, strict: boolean) {
  const keys = new Array<string>(items.length);
  const byKey = new Map<string, unknown>();
  for (let i = 0; i < items.length; i++) {
    const key = itemKey(items[i], list, strict);
    keys[i] = key;
    if (!byKey.has(key)) byKey.set(key, items[i]);
    else if (strict) throw new InvalidApplyConfigError(`duplicate entries for key ${formatPath([key])}`);
  }
  return { keys, byKey };
}
