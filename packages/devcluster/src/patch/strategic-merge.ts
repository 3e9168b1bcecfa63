/**
 * Kubernetes strategic merge patch, applied the way the API server applies it
 * (k8s.io/apimachinery/pkg/util/strategicpatch, server side: parallel lists merged, unmatched nulls
 * ignored), with patch strategies and merge keys read from the OpenAPI schema.
 */

import type { SchemaNode } from '../types.js';
import { applyRetainKeys, Directive, fieldOfParallelList, PatchDirective, takeWhole } from './directives.js';
import { cloneJson, hasOwn, isJsonObject, type JsonObject, jsonKind, setOwn } from './json-value.js';
import { mergeList } from './merge-list.js';
import { lookupFieldMeta } from './patch-meta.js';
import { applySetElementOrder } from './set-element-order.js';
import { badJsonDoc, badPatchType } from './strategic-merge-error.js';

export { StrategicMergePatchError } from './strategic-merge-error.js';

function withoutMarker(patch: JsonObject): JsonObject {
  const { [Directive.marker]: _marker, ...rest } = patch;
  return takeWhole(rest) as JsonObject;
}

function mergeField(original: JsonObject, key: string, patchValue: unknown, schema: SchemaNode | undefined): void {
  const deleteList = key.startsWith(Directive.deleteFromPrimitiveList);
  const field = deleteList ? fieldOfParallelList(key, Directive.deleteFromPrimitiveList) : key;
  if (patchValue === null) {
    delete original[field];
    return;
  }
  const current = original[field];
  if (!hasOwn(original, field) || jsonKind(current) !== jsonKind(patchValue)) {
    if (deleteList) return;
    const taken = takeWhole(patchValue);
    if (taken === undefined) delete original[field];
    else setOwn(original, field, taken);
    return;
  }
  if (isJsonObject(current)) {
    const meta = lookupFieldMeta(schema, field);
    const patchMap = patchValue as JsonObject;
    original[field] =
      meta.strategy === PatchDirective.replace ? withoutMarker(patchMap) : mergeMap(current, patchMap, meta.schema);
  } else if (Array.isArray(current)) {
    const meta = lookupFieldMeta(schema, field);
    original[field] = mergeList({
      original: current,
      patch: patchValue as unknown[],
      field,
      meta,
      deleteList,
      mergeMap,
    });
  } else {
    original[field] = patchValue;
  }
}

/** Merges `patch` into `original`, both private copies: either may be changed. */
function mergeMap(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  if (hasOwn(patch, Directive.marker)) {
    const directive = patch[Directive.marker];
    if (directive === PatchDirective.replace) return withoutMarker(patch);
    if (directive === PatchDirective.delete) return {};
    // The API server rejects `$patch: merge` on a map; merge is what a map does anyway, so accept it.
    if (directive !== PatchDirective.merge) throw badPatchType(directive, patch);
    delete patch[Directive.marker];
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema, mergeMap);
  for (const [key, value] of Object.entries(patch)) mergeField(original, key, value, schema);
  return original;
}

/**
 * Applies a strategic merge patch to `original` and returns the result; neither input is changed.
 * `schema` is the object's schema (`{ $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' }`); where
 * it says nothing about a field, that field merges like a JSON merge patch. Throws
 * StrategicMergePatchError for a patch the API server would refuse.
 */
export function applyStrategicMergePatch(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  schema: SchemaNode | undefined,
): Record<string, unknown> {
  if (!isJsonObject(original)) throw badJsonDoc();
  // A JSON `null` patch decodes to an empty map upstream.
  if ((patch as unknown) === null) return cloneJson(original);
  if (!isJsonObject(patch)) throw badJsonDoc();
  return mergeMap(cloneJson(original), cloneJson(patch), schema);
}
