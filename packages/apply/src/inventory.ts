import { Action, type ChangeSet } from './change-set.js';
import { formatObjectId, type ObjectRef, objectIdOf, parseObjectId, type Unstructured } from './objects.js';

/** One object a Kustomization (or release) owns, as Flux stores it in `status.inventory`. */
export interface InventoryEntry {
  /** `<namespace>_<name>_<group>_<kind>`. */
  id: string;
  /** The version of the object's apiVersion (`v1`). */
  v: string;
}

export interface Inventory {
  entries: InventoryEntry[];
}

/** An inventory entry read back: where the object is and which version to ask for. */
export interface InventoryRef extends ObjectRef {
  version: string;
}

export function inventoryFromObjects(objects: readonly Unstructured[]): Inventory {
  return normalize(objects.map((object) => ({ id: objectIdOf(object), v: versionOf(object.apiVersion) })));
}

/** Every object the change set touched and kept (deleted entries left out). */
export function inventoryFromChangeSet(changeSet: ChangeSet): Inventory {
  return normalize(
    changeSet.entries
      .filter((entry) => entry.action !== Action.Deleted)
      .map((entry) => ({ id: formatObjectId(entry.ref), v: versionOf(entry.version) })),
  );
}

/** The entries of `old` that `next` no longer holds: what to prune. */
export function inventoryDiff(old: Inventory, next: Inventory): InventoryEntry[] {
  const kept = new Set(next.entries.map((entry) => entry.id));
  return normalize(old.entries.filter((entry) => !kept.has(entry.id))).entries;
}

/** Both inventories in one; where an id is in both, `b`'s version wins. */
export function mergeInventory(a: Inventory, b: Inventory): Inventory {
  const byId = new Map<string, InventoryEntry>();
  for (const entry of [...a.entries, ...b.entries]) byId.set(entry.id, entry);
  return normalize([...byId.values()]);
}

export function inventoryRefs(inventory: Inventory | readonly InventoryEntry[]): InventoryRef[] {
  const entries = Array.isArray(inventory) ? inventory : (inventory as Inventory).entries;
  return entries.map((entry) => ({ ...parseObjectId(entry.id), version: entry.v }));
}

/** The apiVersion of an inventory ref (`apps/v1`, or `v1` for the core group). */
export function apiVersionOfRef(ref: InventoryRef): string {
  return ref.group ? `${ref.group}/${ref.version}` : ref.version;
}

function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

function normalize(entries: readonly InventoryEntry[]): Inventory {
  const byId = new Map<string, InventoryEntry>();
  for (const entry of entries) byId.set(entry.id, { id: entry.id, v: entry.v });
  return { entries: [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)) };
}
