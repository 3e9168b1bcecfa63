import type { FieldsV1 } from '../types.js';

/**
 * Field sets are kept in their FieldsV1 form and never mutated once built: a root maps path
 * elements (`f:`, `k:`, `v:`, `i:`) to nodes; a node is owned itself when it is `{}` or holds `.`,
 * and owns its children either way. Unchanged sets keep their identity, so callers can tell.
 */

export const SELF = '.';
export const emptySet: FieldsV1 = Object.freeze({}) as FieldsV1;

export type FieldEntry = [key: string, node: FieldsV1];

export const fieldKey = (name: string): string => `f:${name}`;

export const isMember = (node: FieldsV1): boolean => Object.hasOwn(node, SELF) || !hasChildren(node);

export function hasChildren(node: FieldsV1): boolean {
  for (const key in node) if (key !== SELF) return true;
  return false;
}

export const isEmptySet = (set: FieldsV1): boolean => !hasChildren(set);

export const childOf = (node: FieldsV1, key: string): FieldsV1 | undefined =>
  key !== SELF && Object.hasOwn(node, key) ? node[key] : undefined;

const kindOrder: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Fields first, then keyed items, set values and indexes, the order the API server writes them in. */
export function compareKeys(a: string, b: string): number {
  const byKind = (kindOrder[a[0]] ?? 4) - (kindOrder[b[0]] ?? 4);
  if (byKind !== 0) return byKind;
  return a < b ? -1 : a > b ? 1 : 0;
}

const byKey = (a: FieldEntry, b: FieldEntry): number => compareKeys(a[0], b[0]);

/** A node owning itself (`member`) and/or `entries`; undefined when it would own nothing. */
export function makeNode(member: boolean, entries: FieldEntry[] | undefined): FieldsV1 | undefined {
  if (!entries || entries.length === 0) return member ? {} : undefined;
  if (entries.length > 1) entries.sort(byKey);
  const node: FieldsV1 = {};
  if (member) node[SELF] = {};
  for (const [key, child] of entries) node[key] = child;
  return node;
}

export const makeSet = (entries: FieldEntry[] | undefined): FieldsV1 => makeNode(false, entries) ?? emptySet;

export function union(a: FieldsV1, b: FieldsV1): FieldsV1 {
  if (a === b || isEmptySet(b)) return a;
  if (isEmptySet(a)) return b;
  return makeSet(unionEntries(a, b));
}

function unionNode(a: FieldsV1, b: FieldsV1): FieldsV1 {
  if (a === b) return a;
  return makeNode(isMember(a) || isMember(b), unionEntries(a, b))!;
}

function unionEntries(a: FieldsV1, b: FieldsV1): FieldEntry[] {
  const entries: FieldEntry[] = [];
  for (const key in a) {
    if (key === SELF) continue;
    const other = childOf(b, key);
    entries.push([key, other ? unionNode(a[key], other) : a[key]]);
  }
  for (const key in b) if (key !== SELF && !Object.hasOwn(a, key)) entries.push([key, b[key]]);
  return entries;
}

/** `a` without what `b` owns; `a` itself when nothing is taken away. */
export function difference(a: FieldsV1, b: FieldsV1): FieldsV1 {
  if (isEmptySet(a) || isEmptySet(b)) return a;
  const entries = differenceEntries(a, b);
  return entries ? makeSet(entries) : a;
}

function differenceNode(a: FieldsV1, b: FieldsV1): FieldsV1 | undefined {
  const wasMember = isMember(a);
  const member = wasMember && !isMember(b);
  const entries = differenceEntries(a, b);
  if (!entries && member === wasMember) return a;
  return makeNode(member, entries ?? childEntries(a));
}

/** The remaining entries, or undefined when none changed. */
function differenceEntries(a: FieldsV1, b: FieldsV1): FieldEntry[] | undefined {
  let changed = false;
  const entries: FieldEntry[] = [];
  for (const key in a) {
    if (key === SELF) continue;
    const other = childOf(b, key);
    if (!other) {
      entries.push([key, a[key]]);
      continue;
    }
    const rest = differenceNode(a[key], other);
    if (rest !== a[key]) changed = true;
    if (rest) entries.push([key, rest]);
  }
  return changed ? entries : undefined;
}

const childEntries = (node: FieldsV1): FieldEntry[] =>
  Object.keys(node)
    .filter((key) => key !== SELF)
    .map((key) => [key, node[key]]);

export function intersection(a: FieldsV1, b: FieldsV1): FieldsV1 {
  return makeSet(intersectionEntries(a, b));
}

function intersectionEntries(a: FieldsV1, b: FieldsV1): FieldEntry[] {
  const entries: FieldEntry[] = [];
  for (const key in a) {
    if (key === SELF) continue;
    const other = childOf(b, key);
    if (!other) continue;
    const both = makeNode(isMember(a[key]) && isMember(other), intersectionEntries(a[key], other));
    if (both) entries.push([key, both]);
  }
  return entries;
}

/** Every owned path, each a list of path elements, in the order the API server lists them. */
export function memberPaths(set: FieldsV1): string[][] {
  const paths: string[][] = [];
  const visit = (node: FieldsV1, prefix: string[]) => {
    const keys = Object.keys(node)
      .filter((key) => key !== SELF)
      .sort(compareKeys);
    for (const key of keys) if (isMember(node[key])) paths.push([...prefix, key]);
    for (const key of keys) if (hasChildren(node[key])) visit(node[key], [...prefix, key]);
  };
  visit(set, []);
  return paths;
}
