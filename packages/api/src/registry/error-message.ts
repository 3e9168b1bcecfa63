import type { TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { DurationPattern, TimeoutPattern } from '../schema/duration.js';

/** `/spec/healthChecks/0/kind` → `spec.healthChecks[0].kind`. */
export function toFieldPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path === '' ? '(root)' : path;
}

const literals = (schema: TSchema): unknown[] | undefined => {
  const options = schema.anyOf as TSchema[] | undefined;
  if (!options?.every((option) => option.const !== undefined)) return undefined;
  return options.map((option) => option.const);
};

const typeNames: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.String]: 'a string',
  [ValueErrorType.Boolean]: 'a boolean',
  [ValueErrorType.Integer]: 'an integer',
  [ValueErrorType.Number]: 'a number',
  [ValueErrorType.Object]: 'an object',
  [ValueErrorType.Array]: 'an array',
};

/** A sentence about one invalid field, starting with its path. */
export function describeError(error: ValueError): string {
  const path = toFieldPath(error.path);
  const { schema } = error;
  if (error.type === ValueErrorType.ObjectRequiredProperty) return `${path} is required`;
  const allowed = literals(schema);
  if (error.type === ValueErrorType.Union && allowed) {
    return `${path} must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}; got ${JSON.stringify(error.value)}`;
  }
  if (error.type === ValueErrorType.Literal) return `${path} must be ${JSON.stringify(schema.const)}`;
  if (error.type === ValueErrorType.StringPattern) {
    if (schema.pattern === DurationPattern || schema.pattern === TimeoutPattern) {
      return `${path} must be a duration such as 30s, 5m or 1h30m (pattern ${schema.pattern}); got ${JSON.stringify(error.value)}`;
    }
    return `${path} must match ${schema.pattern}; got ${JSON.stringify(error.value)}`;
  }
  const typeName = typeNames[error.type];
  if (typeName) return `${path} must be ${typeName}`;
  return `${path}: ${error.message}`;
}
