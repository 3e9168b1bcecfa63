import type { SchemaNode } from '../types.js';
import { isJsonObject } from './json-value.js';
import { additionalPropertiesSchema, isEmbeddedResource, preservesUnknownFields } from './schema-access.js';

/** Kept on every embedded resource and at the resource root, whatever the schema says. */
const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Structural pruning (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning): drops, in place,
 * every field the schema does not specify, except under `x-kubernetes-preserve-unknown-fields`.
 * Returns the paths of the dropped fields (`spec.foo`, `spec.items[0].bar`), as strict field
 * validation reports them.
 */
export function pruneInPlace(
  value: unknown,
  schema: SchemaNode | undefined,
  path = '',
  pruned: string[] = [],
): string[] {
  if (schema && preservesUnknownFields(schema)) {
    skipPrune(value, schema, path, pruned);
    return pruned;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      pruneInPlace(item, schema?.items, `${path}[${i}]`, pruned);
    });
    return pruned;
  }
  if (!isJsonObject(value)) return pruned;
  const additional = schema ? additionalPropertiesSchema(schema) : undefined;
  for (const key of Object.keys(value)) {
    if (schema && isEmbeddedResource(schema) && metaFields.has(key)) continue;
    const property = schema?.properties?.[key];
    if (property) pruneInPlace(value[key], property, child(path, key), pruned);
    else if (additional || schema?.additionalProperties === true) {
      pruneInPlace(value[key], additional, child(path, key), pruned);
    } else {
      pruned.push(child(path, key));
      delete value[key];
    }
  }
  return pruned;
}

/** Under preserve-unknown-fields: unknown fields stay, specified ones are still pruned inside. */
function skipPrune(value: unknown, schema: SchemaNode | undefined, path: string, pruned: string[]): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      skipPrune(item, schema.items, `${path}[${i}]`, pruned);
    });
    return;
  }
  if (!isJsonObject(value)) return;
  const additional = additionalPropertiesSchema(schema);
  for (const key of Object.keys(value)) {
    if (isEmbeddedResource(schema) && metaFields.has(key)) continue;
    const property = schema.properties?.[key];
    if (property) pruneInPlace(value[key], property, child(path, key), pruned);
    else if (additional) pruneInPlace(value[key], additional, child(path, key), pruned);
  }
}

/** The resource root keeps apiVersion, kind and metadata, as an embedded resource does. */
export const asResourceRoot = (schema: SchemaNode): SchemaNode =>
  isEmbeddedResource(schema) ? schema : { ...schema, 'x-kubernetes-embedded-resource': true };

/** The paths pruning would drop from `object`, without changing it. */
export const unknownFieldPaths = (object: unknown, schema: SchemaNode): string[] =>
  pruneInPlace(structuredClone(object), asResourceRoot(schema));
