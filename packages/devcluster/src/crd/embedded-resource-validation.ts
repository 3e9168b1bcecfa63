import type { SchemaNode } from '../types.js';
import { dns1035LabelErrors } from './dns-validation.js';
import { type FieldError, invalidError, requiredError } from './field-error.js';
import { isJsonObject } from './json-value.js';
import { additionalPropertiesSchema, isEmbeddedResource } from './schema-access.js';

const child = (path: string, name: string) => (path ? `${path}.${name}` : name);

function apiVersionErrors(path: string, value: unknown): FieldError[] {
  if (typeof value !== 'string') return [invalidError(path, value, 'must be a string')];
  if (value === '') return [invalidError(path, value, 'must not be empty')];
  if (value.split('/').length > 2) return [invalidError(path, value, `unexpected GroupVersion string: ${value}`)];
  return [];
}

function kindErrors(path: string, value: unknown): FieldError[] {
  if (typeof value !== 'string') return [invalidError(path, value, 'must be a string')];
  if (value === '') return [invalidError(path, value, 'must not be empty')];
  const problems = dns1035LabelErrors(value.toLowerCase());
  return problems.length
    ? [invalidError(path, value, `may have mixed case, but should otherwise match: ${problems.join(',')}`)]
    : [];
}

function embeddedErrors(path: string, object: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (!('apiVersion' in object)) errors.push(requiredError(child(path, 'apiVersion'), 'must not be empty'));
  if (!('kind' in object)) errors.push(requiredError(child(path, 'kind'), 'must not be empty'));
  if ('apiVersion' in object) errors.push(...apiVersionErrors(child(path, 'apiVersion'), object.apiVersion));
  if ('kind' in object) errors.push(...kindErrors(child(path, 'kind'), object.kind));
  return errors;
}

/**
 * Objects marked `x-kubernetes-embedded-resource` need an apiVersion and a kind
 * (the resource root is checked by the request path, not here).
 */
export function embeddedResourceErrors(value: unknown, schema: SchemaNode | undefined, path = ''): FieldError[] {
  if (!schema) return [];
  const errors: FieldError[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      errors.push(...embeddedResourceErrors(item, schema.items, `${path}[${i}]`));
    });
    return errors;
  }
  if (!isJsonObject(value)) return errors;
  if (path && isEmbeddedResource(schema)) errors.push(...embeddedErrors(path, value));
  const additional = additionalPropertiesSchema(schema);
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property) errors.push(...embeddedResourceErrors(item, property, child(path, key)));
    else if (additional) errors.push(...embeddedResourceErrors(item, additional, `${path}[${key}]`));
  }
  return errors;
}
