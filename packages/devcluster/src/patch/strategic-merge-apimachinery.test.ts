/**
 * Cases from apimachinery's own strategicpatch tests (patch_test.go), applied with a schema shaped
 * like its MergeItem test struct. List order is compared exactly, as upstream compares it.
 */

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SchemaNode } from '../types.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

const keyedBy = (items: SchemaNode, strategy: string): SchemaNode => ({
  type: 'array',
  items,
  'x-kubernetes-patch-strategy': strategy,
  'x-kubernetes-patch-merge-key': 'name',
});

const mergeItem: SchemaNode = { type: 'object' };
const retainKeysMergeItem: SchemaNode = {
  type: 'object',
  'x-kubernetes-patch-strategy': 'retainKeys',
  properties: {
    name: { type: 'string' },
    value: { type: 'string' },
    other: { type: 'string' },
    simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
    mergingIntList: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-patch-strategy': 'merge' },
    mergingList: keyedBy(mergeItem, 'merge'),
    nonMergingList: { type: 'array', items: mergeItem },
  },
};
mergeItem.properties = {
  name: { type: 'string' },
  value: { type: 'string' },
  other: { type: 'string' },
  mergingList: keyedBy(mergeItem, 'merge'),
  nonMergingList: { type: 'array', items: mergeItem },
  mergingIntList: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-patch-strategy': 'merge' },
  nonMergingIntList: { type: 'array', items: { type: 'integer' } },
  mergeItemPtr: keyedBy(mergeItem, 'merge'),
  simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
  replacingItem: { 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-patch-strategy': 'replace' },
  retainKeysMap: retainKeysMergeItem,
  retainKeysMergingList: keyedBy(mergeItem, 'merge,retainKeys'),
};

interface Case {
  name: string;
  original: string;
  patch: string;
  result: string;
}

const doc = (text: string) => (parse(text) ?? {}) as Record<string, unknown>;

const cases: Case[] = [
  {
    name: 'unique scalars when merging lists',
    original: 'mergingIntList: [1, 2]',
    patch: 'mergingIntList: [2, 3]',
    result: 'mergingIntList: [1, 2, 3]',
  },
  {
    name: 'delete map from nested map',
    original: 'simpleMap: {key1: 1, key2: 1}',
    patch: 'simpleMap: {$patch: delete}',
    result: 'simpleMap: {}',
  },
  {
    name: 'delete all items from merging list',
    original: 'mergingList: [{name: 1}, {name: 2}]',
    patch: 'mergingList: [{$patch: replace}]',
    result: 'mergingList: []',
  },
  {
    name: 'merge empty merging lists',
    original: 'mergingList: []',
    patch: 'mergingList: []',
    result: 'mergingList: []',
  },
  { name: 'delete all keys from map', original: '{name: 1, value: 1}', patch: '$patch: replace', result: '{}' },
  {
    name: 'add key and delete all keys from map',
    original: '{name: 1, value: 1}',
    patch: '{other: a, $patch: replace}',
    result: 'other: a',
  },
  {
    name: 'delete all duplicate entries in a merging list',
    original: 'mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]',
    patch: 'mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]',
    result: 'mergingList: [{name: 2, value: a}]',
  },
  {
    name: 'retainKeys map can delete a field when no retainKeys directive present',
    original: 'retainKeysMap: {name: foo, value: a}',
    patch: 'retainKeysMap: {value: null}',
    result: 'retainKeysMap: {name: foo}',
  },
  {
    name: 'preserve the order from the patch in a merging list',
    original: 'mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]',
    patch: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, other: x}]',
    result: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, value: b, other: x}]',
  },
  {
    name: 'preserve the order from the patch in a merging list 2',
    original: 'mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]',
    patch: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}]',
    result: 'mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]',
  },
  {
    name: 'preserve the order from the patch in a merging int list',
    original: 'mergingIntList: [1, 2, 3]',
    patch: 'mergingIntList: [3, 1]',
    result: 'mergingIntList: [2, 3, 1]',
  },
  {
    name: '$setElementOrder contains an item not present in the list to be merged',
    original: 'mergingList: [{name: 1}, {name: 3}]',
    patch: `
$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}]
mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]`,
    result: 'mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]',
  },
  {
    name: '$setElementOrder contains an item not present in the int list to be merged',
    original: 'mergingIntList: [1, 3]',
    patch: '$setElementOrder/mergingIntList: [3, 2, 1]',
    result: 'mergingIntList: [3, 1]',
  },
  {
    name: '$deleteFromPrimitiveList of a missing item does not add it',
    original: 'mergingIntList: [1, 2]',
    patch: '$deleteFromPrimitiveList/mergingIntList: [3]',
    result: 'mergingIntList: [1, 2]',
  },
  {
    name: '$deleteFromPrimitiveList on a missing list does not add the list',
    original: 'foo: [bar]',
    patch: '$deleteFromPrimitiveList/mergingIntList: [3]',
    result: 'foo: [bar]',
  },
  {
    name: '$deleteFromPrimitiveList deletes from a list without merge strategy',
    original: 'nonMergingIntList: [1, 2, 3]',
    patch: '$deleteFromPrimitiveList/nonMergingIntList: [2]',
    result: 'nonMergingIntList: [1, 3]',
  },
  {
    name: 'nested patch merge with empty list (new list keeps no directives)',
    original: 'name: hi',
    patch: 'mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]',
    result: '{name: hi, mergingList: [{name: hello}]}',
  },
  {
    name: 'nested patch merge with empty list, three-way',
    original: '{name: hi, mergingList: [{name: hello2}]}',
    patch: `
$setElementOrder/mergingList: [{name: hello}, {name: doesntexist}]
mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]`,
    result: '{name: hi, mergingList: [{name: hello}, {name: hello2}]}',
  },
  {
    name: 'delete items in lists of scalars',
    original: 'mergingIntList: [1, 2, 3, 4]',
    patch: `
$setElementOrder/mergingIntList: [1, 2]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: 'mergingIntList: [1, 2, 4]',
  },
  {
    name: 'delete all duplicate items in lists of scalars',
    original: 'mergingIntList: [1, 2, 3, 3, 4]',
    patch: `
$setElementOrder/mergingIntList: [1, 2]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: 'mergingIntList: [1, 2, 4]',
  },
  {
    name: 'merge lists of maps',
    original: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]',
    patch: `
$setElementOrder/mergingList: [{name: 4}, {name: 1}, {name: 2}, {name: 3}]
mergingList: [{name: 4, value: 4}, {name: 3, value: 3}]`,
    result: `
mergingList:
  - {name: 4, value: 4}
  - {name: 1, other: a}
  - {name: 2, value: 2, other: b}
  - {name: 3, value: 3}`,
  },
  {
    name: 'add field to map in merging list with conflict',
    original: 'mergingList: [{name: 1, other: a}, {name: 3, value: 2, other: b}]',
    patch: `
$setElementOrder/mergingList: [{name: 1}, {name: 2}]
mergingList: [{name: 1, value: 1}, {name: 2, value: 2}]`,
    result: 'mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2}, {name: 3, value: 2, other: b}]',
  },
  {
    name: 'delete missing map from merging list with conflict',
    original: 'mergingList: [{name: 3, other: a}]',
    patch: `
$setElementOrder/mergingList: [{name: 2}]
mergingList: [{name: 2}, {name: 1, $patch: delete}]`,
    result: 'mergingList: [{name: 2}, {name: 3, other: a}]',
  },
  {
    name: 'add map and delete map from merging list',
    original: 'mergingList: [{name: 1}, {name: 2, other: b}, {name: 4, other: c}]',
    patch: `
$setElementOrder/mergingList: [{name: 2}, {name: 3}]
mergingList: [{name: 3}, {name: 1, $patch: delete}]`,
    result: 'mergingList: [{name: 2, other: b}, {name: 4, other: c}, {name: 3}]',
  },
  {
    name: 'add map and delete map from merging list with conflict',
    original: 'mergingList: [{name: 1, other: a}, {name: 4, other: c}]',
    patch: `
$setElementOrder/mergingList: [{name: 2}, {name: 3}]
mergingList: [{name: 2}, {name: 3}, {name: 1, $patch: delete}]`,
    result: 'mergingList: [{name: 4, other: c}, {name: 2}, {name: 3}]',
  },
  {
    name: 'replace non merging list nested in merging list',
    original: `
mergingList:
  - {name: 1, other: a, nonMergingList: [{name: 1}, {name: 2, value: 2}]}
  - {name: 2, other: b}`,
    patch: `
$setElementOrder/mergingList: [{name: 1}, {name: 2}]
mergingList: [{name: 1, nonMergingList: [{name: 1, value: 1}]}]`,
    result: `
mergingList:
  - {name: 1, other: a, nonMergingList: [{name: 1, value: 1}]}
  - {name: 2, other: b}`,
  },
  {
    name: 'reorder a merging list nested in a merging list with deletion conflict',
    original: `
mergingList:
  - {name: 1, other: a, mergingList: [{name: 2, value: 2, other: d}]}
  - {name: 2, other: b}`,
    patch: `
$setElementOrder/mergingList: [{name: 1}, {name: 2}]
mergingList:
  - $setElementOrder/mergingList: [{name: 2}, {name: 1}]
    name: 1
    mergingList: [{name: 1, value: 1}]`,
    result: `
mergingList:
  - {name: 1, other: a, mergingList: [{name: 2, value: 2, other: d}, {name: 1, value: 1}]}
  - {name: 2, other: b}`,
  },
  {
    name: 'add map to merging list by pointer',
    original: 'mergeItemPtr: [{name: 1, other: a}, {name: 3}]',
    patch: `
$setElementOrder/mergeItemPtr: [{name: 1}, {name: 2}]
mergeItemPtr: [{name: 2}]`,
    result: 'mergeItemPtr: [{name: 1, other: a}, {name: 2}, {name: 3}]',
  },
  {
    name: 'merge lists of scalars',
    original: 'mergingIntList: [1, 2, 4]',
    patch: `
$setElementOrder/mergingIntList: [1, 2, 3]
mergingIntList: [3]`,
    result: 'mergingIntList: [1, 2, 3, 4]',
  },
  {
    name: 'add an item in a list of primitives and preserve order',
    original: 'mergingIntList: [1, 4, 2]',
    patch: `
$setElementOrder/mergingIntList: [3, 1, 2]
mergingIntList: [3]`,
    result: 'mergingIntList: [3, 1, 4, 2]',
  },
  {
    name: 'delete an item in a list and preserve order',
    original: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]',
    patch: `
$setElementOrder/mergingList: [{name: 2}, {name: 1}]
mergingList: [{name: 3, $patch: delete}]`,
    result: 'mergingList: [{name: 2, value: 2, other: b}, {name: 1, other: a}]',
  },
  {
    name: 'add and delete an item in a list and preserve order',
    original: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]',
    patch: `
$setElementOrder/mergingList: [{name: 4}, {name: 2}, {name: 1}]
mergingList: [{name: 4, value: 4}, {name: 3, $patch: delete}]`,
    result: 'mergingList: [{name: 4, value: 4}, {name: 2, value: 2, other: b}, {name: 1, other: a}]',
  },
  {
    name: 'set elements order in a list with server-only items 2',
    original:
      'mergingList: [{name: 1, other: a}, {name: 2, value: 2}, {name: 9}, {name: 3, value: 3}, {name: 4, value: 4}]',
    patch: '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}]',
    result: `
mergingList: [{name: 2, value: 2}, {name: 1, other: a}, {name: 9}, {name: 4, value: 4}, {name: 3, value: 3}]`,
  },
  {
    name: 'set elements order in a list with server-only items 3',
    original: `
mergingList: [{name: 1, other: a}, {name: 2, value: 2}, {name: 7}, {name: 9}, {name: 8}, {name: 3}, {name: 4}]`,
    patch: '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}]',
    result: `
mergingList: [{name: 2, value: 2}, {name: 1, other: a}, {name: 7}, {name: 9}, {name: 8}, {name: 4}, {name: 3}]`,
  },
  {
    name: 'set elements order in a int list with server-only items',
    original: 'mergingIntList: [1, 3, 4, 2, 9]',
    patch: '$setElementOrder/mergingIntList: [4, 2, 3, 1]',
    result: 'mergingIntList: [4, 2, 3, 1, 9]',
  },
  {
    name: 'set element order for a merging list with duplicates',
    original: 'mergingList: [{name: 1}, {name: 2, value: dup1}, {name: 3}, {name: 2, value: dup2}, {name: 4}]',
    patch: '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}, {name: 2}]',
    result: 'mergingList: [{name: 2, value: dup1}, {name: 2, value: dup2}, {name: 1}, {name: 4}, {name: 3}]',
  },
  {
    name: 'set element order for a merging int list with duplicates',
    original: 'mergingIntList: [1, 2, 3, 2, 4]',
    patch: '$setElementOrder/mergingIntList: [2, 1, 4, 3, 2]',
    result: 'mergingIntList: [2, 2, 1, 4, 3]',
  },
  {
    name: 'retainKeys map clears a defaulted field (discriminated union)',
    original: 'retainKeysMap: {name: type1, value: foo}',
    patch: 'retainKeysMap: {$retainKeys: [name, other], name: type2, other: bar}',
    result: 'retainKeysMap: {name: type2, other: bar}',
  },
  {
    name: 'retainKeys map deletes a field and clears a field',
    original: 'retainKeysMap: {name: foo, value: bar, other: a}',
    patch: 'retainKeysMap: {$retainKeys: [name], value: null}',
    result: 'retainKeysMap: {name: foo}',
  },
  {
    name: 'retainKeys map adds an item and deletes an item in a nested merging int list',
    original: 'retainKeysMap: {name: foo, mergingIntList: [1, 2, 3, 4]}',
    patch: `
retainKeysMap:
  $retainKeys: [mergingIntList, name]
  mergingIntList: [5]
  $deleteFromPrimitiveList/mergingIntList: [2]
  $setElementOrder/mergingIntList: [1, 3, 5]`,
    result: 'retainKeysMap: {name: foo, mergingIntList: [1, 3, 5, 4]}',
  },
  {
    name: 'retainKeys map adds an item in a nested merging list',
    original: 'retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}',
    patch: `
retainKeysMap:
  $retainKeys: [mergingList, name]
  $setElementOrder/mergingList: [{name: a}, {name: b}, {name: c}]
  mergingList: [{name: c}]`,
    result: 'retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: c}, {name: x}]}',
  },
  {
    name: 'retainKeys map deletes an item in a nested merging list',
    original: 'retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}',
    patch: `
retainKeysMap:
  $retainKeys: [mergingList, name]
  $setElementOrder/mergingList: [{name: a}]
  mergingList: [{name: b, $patch: delete}]`,
    result: 'retainKeysMap: {name: foo, mergingList: [{name: a}, {name: x}]}',
  },
  {
    name: 'retainKeys list of maps clears a field',
    original: 'retainKeysMergingList: [{name: bar}, {name: foo, value: a, other: x}]',
    patch: `
$setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}]
retainKeysMergingList: [{$retainKeys: [name, value], name: foo}]`,
    result: 'retainKeysMergingList: [{name: bar}, {name: foo, value: a}]',
  },
  {
    name: 'delete and reorder in one list, reorder in another',
    original: `
mergingList: [{name: a, value: a}, {name: b, value: b}]
mergeItemPtr: [{name: c, value: c}, {name: d, value: d}]`,
    patch: `
$setElementOrder/mergingList: [{name: b}]
$setElementOrder/mergeItemPtr: [{name: d}, {name: c}]
mergingList: [{$patch: delete, name: a}]`,
    result: `
mergingList: [{name: b, value: b}]
mergeItemPtr: [{name: d, value: d}, {name: c, value: c}]`,
  },
];

describe('applyStrategicMergePatch, apimachinery conformance', () => {
  it.each(cases)('$name', ({ original, patch, result }) => {
    expect(applyStrategicMergePatch(doc(original), doc(patch), mergeItem)).toStrictEqual(doc(result));
  });

  it.each([
    {
      name: 'the order of patch items must match $setElementOrder',
      original: 'mergingList: [{name: 1}, {name: 3}, {name: 2}]',
      patch: `
$setElementOrder/mergingList: [{name: 1}, {name: 2}, {name: 3}]
mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]`,
      message: "doesn't match",
    },
    {
      name: 'the order of patch primitives must match $setElementOrder',
      original: 'mergingIntList: [1, 3, 2]',
      patch: `
$setElementOrder/mergingIntList: [1, 2, 3]
mergingIntList: [3, 1]`,
      message: "doesn't match",
    },
    {
      name: 'a merging list item without its merge key',
      original: 'mergingList: [{name: 1, value: a}]',
      patch: 'mergingList: [{value: b}]',
      message: 'does not contain declared merge key',
    },
  ])('refuses: $name', ({ original, patch, message }) => {
    expect(() => applyStrategicMergePatch(doc(original), doc(patch), mergeItem)).toThrow(message);
  });
});
