import { InvalidApplyConfigError } from './errors.js';
import { fieldKey } from './field-set.js';
import { cloneJson, isObject, type JsonObject, setOwn } from './json.js';
import { indexItems } from './list-key.js';
import type { Shape } from './schema-shape.js';

/**
 * Merges an apply configuration into the live object the way structured-merge-diff does: granular
 * maps merge key by key, associative lists and sets merge item by item (live items the
 * configuration does not name stay, in their place), everything else is replaced. `null` in the
 * configuration clears a value unless the schema makes it nullable. The result shares nothing with
 * either input.
 */
export function mergeObjects(live: JsonObject | undefined, config: JsonObject, shape: Shape): JsonObject {
  return mergeMaps(live, config, shape);
}

function mergeValues(live: unknown, config: unknown, shape: Shape): unknown {
  if (config === undefined) return cloneJson(live);
  if (config === null) return shape.nullable ? null : undefined;
  if (isObject(config)) {
    if (shape.atomicMap) return cloneJson(config);
    return mergeMaps(isObject(live) ? live : undefined, config, shape);
  }
  if (Array.isArray(config)) {
    if (shape.list.type === 'atomic') return cloneJson(config);
    const liveItems = Array.isArray(live) ? live : [];
    if (config.length === 0 && liveItems.length === 0) return [];
    return mergeLists(liveItems, config, shape);
  }
  return config;
}

function mergeMaps(live: JsonObject | undefined, config: JsonObject, shape: Shape): JsonObject {
  const merged: JsonObject = {};
  let name = '';
  try {
    if (live) {
      for (name of Object.keys(live)) {
        if (shape.ignored?.has(name)) {
          // Kept only to hold its place; the caller writes the new value.
          setOwn(merged, name, live[name]);
          continue;
        }
        const inConfig = Object.hasOwn(config, name) ? config[name] : undefined;
        const value = mergeValues(live[name], inConfig, shape.field(name).shape);
        if (value !== undefined) setOwn(merged, name, value);
      }
    }
    for (name of Object.keys(config)) {
      if (shape.ignored?.has(name) || (live && Object.hasOwn(live, name))) continue;
      const value = mergeValues(undefined, config[name], shape.field(name).shape);
      if (value !== undefined) setOwn(merged, name, value);
    }
  } catch (error) {
    if (error instanceof InvalidApplyConfigError) throw error.within(fieldKey(name));
    throw error;
  }
  return merged;
}

/**
 * structured-merge-diff's ordering: live-only items keep their place, items both sides name follow
 * the configuration's order, and configuration-only items come where the configuration puts them.
 */
function mergeLists(live: unknown[], config: unknown[], shape: Shape): unknown[] {
  const right = indexItems(config, shape.list, true);
  const left = indexItems(live, shape.list, false);
  const item = shape.item;
  const shared = right.keys.filter((key) => left.byKey.has(key));
  let sharedAt = 0;
  const done = new Set<string>();
  const merged: unknown[] = [];
  const emit = (value: unknown) => {
    if (value !== undefined) merged.push(value);
  };
  const mergeItem = (key: string) => {
    done.add(key);
    try {
      emit(mergeValues(left.byKey.get(key), right.byKey.get(key), item));
    } catch (error) {
      if (error instanceof InvalidApplyConfigError) throw error.within(key);
      throw error;
    }
  };
  let l = 0;
  let r = 0;
  while (l < live.length || r < config.length) {
    if (l < live.length && r < config.length) {
      const key = left.keys[l];
      if (key === right.keys[r]) {
        mergeItem(key);
        l++;
        r++;
        sharedAt++;
        continue;
      }
      const nextShared = shared[sharedAt];
      if (right.byKey.has(key) && nextShared !== undefined && nextShared !== key) {
        l++;
        continue;
      }
    }
    if (l < live.length) {
      const key = left.keys[l];
      if (!right.byKey.has(key)) {
        emit(cloneJson(live[l]));
        l++;
        continue;
      }
      if (done.has(key)) {
        l++;
        continue;
      }
    }
    if (r < config.length) {
      const key = right.keys[r];
      mergeItem(key);
      r++;
      if (shared[sharedAt] === key) sharedAt++;
    }
  }
  return merged;
}
