import type { SchemaNode } from '../types.js';
import { embeddedResourceErrors } from './embedded-resource-validation.js';
import {
  type FieldError,
  invalidError,
  notSupportedError,
  requiredError,
  rootField,
  tooLongError,
  tooManyError,
  typeInvalidError,
} from './field-error.js';
import { listTypeErrors } from './list-type-validation.js';
import { type OpenApiError, validateValue } from './openapi-validation.js';

/** How the API server turns a kube-openapi validation error into a field error. */
function toFieldError(error: OpenApiError): FieldError {
  if (error.code === 'composite') return invalidError(rootField, '', error.message);
  const field = error.name && error.name !== '.' ? error.name.replace(/^\./, '') : rootField;
  const value = error.value ?? '';
  switch (error.code) {
    case 'required':
      return requiredError(field);
    case 'enum':
      return notSupportedError(
        field,
        error.value ?? null,
        (error.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
      );
    case 'tooLong':
      return tooLongError(field, error.valid ?? -1);
    case 'maxItems':
    case 'tooManyProperties':
      return tooManyError(field, typeof error.value === 'number' ? error.value : -1, error.valid ?? -1);
    case 'invalidType':
      return typeInvalidError(field, value, error.message);
    default:
      return invalidError(field, value, error.message);
  }
}

/**
 * Validates a custom resource against its version's structural schema, as the API server does
 * before storing it: OpenAPI value validation, embedded resources, and list-type sets and maps.
 */
export function validateCustomObject(object: unknown, schema: SchemaNode): FieldError[] {
  const errors = [
    ...validateValue(object, schema, '').errors.map(toFieldError),
    ...embeddedResourceErrors(object, schema),
    ...listTypeErrors(object, schema),
  ];
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.field}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
