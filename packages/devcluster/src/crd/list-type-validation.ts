import type { SchemaNode } from '../types.js';
import { duplicateError, type FieldError, invalidError } from './field-error.js';
import { isJsonObject, jsonEqual } from './json-value.js';
import { additionalPropertiesSchema } from './schema-access.js';

const child = (path: string, name: string) => (path ? `${path}.${name}` : name);

function setErrors(path: string, items: unknown[]): FieldError[] {
  return items.flatMap((item, i) =>
    items.slice(0, i).some((earlier) => jsonEqual(earlier, item)) ? [duplicateError(`${path}[${i}]`, item)] : [],
  );
}

function mapErrors(path: string, schema: SchemaNode, items: unknown[]): FieldError[] {
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    if (item !== null && !isJsonObject(item)) {
      errors.push(invalidError(`${path}[${i}]`, item, 'must be an object for an array of list-type map'));
    }
  });
  if (errors.length) return errors;
  const keyNames = schema['x-kubernetes-list-map-keys'] ?? [];
  const keyOf = (item: unknown): Record<string, unknown> => {
    const object = (item ?? {}) as Record<string, unknown>;
    return Object.fromEntries(
      keyNames.map((name) => [
        name,
        name in object ? object[name] : (schema.items?.properties?.[name]?.default ?? null),
      ]),
    );
  };
  const keys = items.map(keyOf);
  keys.forEach((key, i) => {
    if (keys.slice(0, i).some((earlier) => jsonEqual(earlier, key))) errors.push(duplicateError(`${path}[${i}]`, key));
  });
  return errors;
}

/** Duplicates in `x-kubernetes-list-type: set` lists and duplicate keys in `map` lists. */
export function listTypeErrors(value: unknown, schema: SchemaNode | undefined, path = ''): FieldError[] {
  if (!schema) return [];
  const errors: FieldError[] = [];
  if (Array.isArray(value)) {
    if (schema['x-kubernetes-list-type'] === 'set') errors.push(...setErrors(path, value));
    if (schema['x-kubernetes-list-type'] === 'map') errors.push(...mapErrors(path, schema, value));
    value.forEach((item, i) => {
      errors.push(...listTypeErrors(item, schema.items, `${path}[${i}]`));
    });
    return errors;
  }
  if (!isJsonObject(value)) return errors;
  const additional = additionalPropertiesSchema(schema);
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property) errors.push(...listTypeErrors(item, property, child(path, key)));
    else if (additional) errors.push(...listTypeErrors(item, additional, `${path}[${key}]`));
  }
  return errors;
}
