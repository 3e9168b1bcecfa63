import type { SchemaNode } from '../types.js';
import { isJsonObject } from './json-value.js';
import { additionalPropertiesSchema } from './schema-access.js';

const isNonNullableNull = (value: unknown, schema: SchemaNode | undefined): boolean =>
  value === null && schema !== undefined && !schema.nullable;

/** Removes, in place, nulls in non-nullable properties that have no default to replace them. */
export function dropNullsWithoutDefaults(value: unknown, schema: SchemaNode | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) dropNullsWithoutDefaults(item, schema.items);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property && item === null && property.default === undefined && !property.nullable) delete value[key];
  }
  const additional = additionalPropertiesSchema(schema);
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property) dropNullsWithoutDefaults(item, property);
    else if (additional) dropNullsWithoutDefaults(item, additional);
  }
}

/**
 * Structural defaulting (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting), in place:
 * missing properties, and nulls where null is not allowed, take the schema's `default`; defaults
 * are then defaulted themselves, inside items and additionalProperties too.
 */
export function applyDefaults(value: unknown, schema: SchemaNode | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (isNonNullableNull(item, schema.items) && schema.items?.default !== undefined) {
        value[i] = structuredClone(schema.items.default);
      }
      applyDefaults(value[i], schema.items);
    });
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.default === undefined) continue;
    if (value[key] === undefined || isNonNullableNull(value[key], property))
      value[key] = structuredClone(property.default);
  }
  const additional = additionalPropertiesSchema(schema);
  for (const key of Object.keys(value)) {
    const property = schema.properties?.[key];
    if (property) {
      applyDefaults(value[key], property);
    } else if (additional) {
      if (isNonNullableNull(value[key], additional) && additional.default !== undefined) {
        value[key] = structuredClone(additional.default);
      }
      applyDefaults(value[key], additional);
    }
  }
}
