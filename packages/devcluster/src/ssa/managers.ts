import type { FieldsV1, ManagedFieldsEntry } from '../types.js';
import { difference, isEmptySet, union } from './field-set.js';
import { hasKeys, isObject } from './json.js';

/** One manager's field set, decoded from (and encoded back to) a `metadata.managedFields` entry. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldsV1;
  /** The entry it was read from, written back as is while nothing about it changes. */
  source?: ManagedFieldsEntry;
}

/** Appliers are one manager whatever version they apply; updaters are one per version. */
export const identityOf = (m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string =>
  JSON.stringify([m.manager, m.operation, m.operation === 'Update' ? m.apiVersion : '', m.subresource ?? '']);

/** Decoded managers, or undefined when the entries are not valid managed fields. */
export function decodeManagedFields(entries: unknown): Manager[] | undefined {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) return undefined;
  const byIdentity = new Map<string, Manager>();
  for (const entry of entries) {
    const manager = decodeEntry(entry);
    if (!manager) return undefined;
    const identity = identityOf(manager);
    const earlier = byIdentity.get(identity);
    byIdentity.set(
      identity,
      earlier ? { ...manager, set: union(earlier.set, manager.set), source: undefined } : manager,
    );
  }
  return [...byIdentity.values()];
}

function decodeEntry(entry: unknown): Manager | undefined {
  if (!isObject(entry)) return undefined;
  const { manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource } = entry;
  if (typeof manager !== 'string' || (operation !== 'Apply' && operation !== 'Update')) return undefined;
  if (fieldsType !== 'FieldsV1' || (fieldsV1 !== undefined && !isObject(fieldsV1))) return undefined;
  return {
    manager,
    operation,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    time: typeof time === 'string' ? time : undefined,
    subresource: typeof subresource === 'string' && subresource ? subresource : undefined,
    set: (fieldsV1 as FieldsV1 | undefined) ?? {},
    source: entry as unknown as ManagedFieldsEntry,
  };
}

/** `[]` or `[{}]`: a client asking for the managed fields to be cleared. */
export const isResetRequest = (entries: unknown): boolean =>
  Array.isArray(entries) &&
  (entries.length === 0 || (entries.length === 1 && isObject(entries[0]) && !hasKeys(entries[0])));

/** Entries with something left, sorted as the API server sorts them. */
export function encodeManagedFields(managers: Manager[]): ManagedFieldsEntry[] {
  return managers
    .filter((m) => !isEmptySet(m.set))
    .sort(byEntryOrder)
    .map((m) => m.source ?? encodeEntry(m));
}

function encodeEntry(m: Manager): ManagedFieldsEntry {
  return {
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time === undefined ? {} : { time: m.time }),
    fieldsType: 'FieldsV1',
    fieldsV1: m.set,
    ...(m.subresource ? { subresource: m.subresource } : {}),
  };
}

function byEntryOrder(a: Manager, b: Manager): number {
  return (
    compareText(a.operation, b.operation) ||
    secondsOf(a.time) - secondsOf(b.time) ||
    compareText(a.manager, b.manager) ||
    compareText(a.apiVersion, b.apiVersion) ||
    compareText(a.subresource ?? '', b.subresource ?? '')
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function secondsOf(time: string | undefined): number {
  const millis = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(millis) ? 0 : Math.floor(millis / 1000);
}

/** A manager with a new set (and whatever else changes), no longer written back as read. */
export const withSet = (m: Manager, set: FieldsV1, changes: Partial<Manager> = {}): Manager =>
  set === m.set && Object.keys(changes).length === 0 ? m : { ...m, ...changes, set, source: undefined };

/** What the API server never tracks: type and identity fields it sets itself. */
const untracked: FieldsV1 = Object.freeze({
  'f:apiVersion': {},
  'f:kind': {},
  'f:metadata': {
    '.': {},
    'f:name': {},
    'f:namespace': {},
    'f:uid': {},
    'f:resourceVersion': {},
    'f:generation': {},
    'f:creationTimestamp': {},
    'f:deletionTimestamp': {},
    'f:managedFields': {},
    'f:selfLink': {},
    'f:clusterName': {},
  },
}) as FieldsV1;

export const withoutUntracked = (set: FieldsV1): FieldsV1 => difference(set, untracked);
