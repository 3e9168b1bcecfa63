import type { SchemaNode } from '../types.js';
import { goFloat, goNumber, goQuote } from './go-format.js';
import { isJsonObject, type JsonKind, jsonEqual, jsonKind } from './json-value.js';
import {
  additionalPropertiesSchema,
  booleanKeyword,
  notKeyword,
  numberKeyword,
  schemaListKeyword,
  schemaTypes,
  stringKeyword,
} from './schema-access.js';
import { matchesFormat, supportedFormat } from './string-formats.js';

/**
 * A port of the parts of k8s.io/kube-openapi/pkg/validation/validate the API server runs on custom
 * resources: same validator order, same paths (`spec.items[0].name`), same messages.
 */

export type ValidationCode =
  | 'invalidType'
  | 'required'
  | 'tooLong'
  | 'tooShort'
  | 'pattern'
  | 'enum'
  | 'multipleOf'
  | 'maximum'
  | 'minimum'
  | 'unique'
  | 'maxItems'
  | 'minItems'
  | 'tooFewProperties'
  | 'tooManyProperties'
  | 'unallowedProperty';

/** An `errors.Validation` (with the path it is about) or a composite error (anyOf, oneOf, ...) without one. */
export type OpenApiError =
  | { code: ValidationCode; name: string; value?: unknown; valid?: number; values?: unknown[]; message: string }
  | { code: 'composite'; message: string };

interface Result {
  errors: OpenApiError[];
  matchCount: number;
}

const inBody = 'body';

const emptyResult = (): Result => ({ errors: [], matchCount: 0 });

function merge(into: Result, other: Result | undefined): Result {
  if (other) {
    into.errors.push(...other.errors);
    into.matchCount += other.matchCount;
  }
  return into;
}

const failed = (error: OpenApiError): Result => ({ errors: [error], matchCount: 0 });

function invalidType(name: string, typeName: string, value: string): OpenApiError {
  return {
    code: 'invalidType',
    name,
    value,
    message: `${name} in ${inBody} must be of type ${typeName}: ${goQuote(value)}`,
  };
}

/** The JSON type and go-openapi format the validator infers from a value. */
function inferredType(kind: JsonKind): { type: string; format: string } {
  if (kind === 'integer') return { type: 'integer', format: 'int64' };
  if (kind === 'number') return { type: 'number', format: 'float64' };
  return { type: kind, format: '' };
}

function validateType(value: unknown, schema: SchemaNode, path: string): Result {
  const types = schemaTypes(schema);
  const format = supportedFormat(schema.format) ?? '';
  const kind = jsonKind(value);
  if (kind === 'null') {
    if (types.length > 0 && !types.includes('null') && !schema.nullable) {
      return failed(invalidType(path, types.join(','), 'null'));
    }
    return { errors: [], matchCount: 1 };
  }
  const inferred = inferredType(kind);
  const isIntFloat = inferred.type === 'integer' && types.includes('number');
  if (
    kind !== 'string' &&
    kind !== 'array' &&
    format !== '' &&
    !(types.includes(inferred.type) || inferred.format === format || isIntFloat)
  ) {
    return failed(invalidType(path, format, inferred.format));
  }
  if (
    !(types.includes('number') || types.includes('integer')) &&
    format !== '' &&
    (kind === 'string' || kind === 'array')
  ) {
    return { errors: [], matchCount: 1 };
  }
  if (!(types.includes(inferred.type) || isIntFloat)) return failed(invalidType(path, types.join(','), inferred.type));
  return { errors: [], matchCount: 1 };
}

function validateString(value: string, schema: SchemaNode, path: string): Result | undefined {
  const length = [...value].length;
  const maxLength = numberKeyword(schema, 'maxLength');
  if (maxLength !== undefined && length > maxLength) {
    return failed({
      code: 'tooLong',
      name: path,
      value,
      valid: maxLength,
      message: `${path} in ${inBody} should be at most ${maxLength} chars long`,
    });
  }
  const minLength = numberKeyword(schema, 'minLength');
  if (minLength !== undefined && length < minLength) {
    return failed({
      code: 'tooShort',
      name: path,
      value,
      valid: minLength,
      message: `${path} in ${inBody} should be at least ${minLength} chars long`,
    });
  }
  const pattern = stringKeyword(schema, 'pattern');
  if (pattern !== undefined) {
    let expression: RegExp;
    try {
      expression = new RegExp(pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed({
        code: 'pattern',
        name: path,
        value,
        message: `${path} in ${inBody} should match '${pattern}, but pattern is invalid: ${reason}'`,
      });
    }
    if (!expression.test(value)) {
      return failed({ code: 'pattern', name: path, value, message: `${path} in ${inBody} should match '${pattern}'` });
    }
  }
  return undefined;
}

function validateFormat(value: string, format: string, path: string): Result | undefined {
  return matchesFormat(format, value) ? undefined : failed(invalidType(path, format, value));
}

/** Bounds on integers compare as int64 (the bound truncated), on other numbers as float64. */
function bound(value: number, limit: number): { limit: number; text: string } {
  if (Number.isInteger(value)) {
    const truncated = Math.trunc(limit);
    return { limit: truncated, text: goNumber(truncated) };
  }
  return { limit, text: goFloat(limit) };
}

function validateNumber(value: number, schema: SchemaNode, path: string): Result {
  const result: Result = { errors: [], matchCount: 1 };
  const multipleOf = numberKeyword(schema, 'multipleOf');
  if (multipleOf !== undefined && multipleOf > 0) {
    const integral = Number.isInteger(value) && Number.isInteger(multipleOf);
    const quotient = multipleOf < 1 ? (1 / multipleOf) * value : value / multipleOf;
    if (integral ? value % multipleOf !== 0 : !Number.isInteger(quotient)) {
      result.errors.push({
        code: 'multipleOf',
        name: path,
        value,
        message: `${path} in ${inBody} should be a multiple of ${integral ? goNumber(multipleOf) : goFloat(multipleOf)}`,
      });
    }
  }
  const minimum = numberKeyword(schema, 'minimum');
  if (minimum !== undefined) {
    const exclusive = booleanKeyword(schema, 'exclusiveMinimum');
    const { limit, text } = bound(value, minimum);
    if (exclusive ? value <= limit : value < limit) {
      result.errors.push({
        code: 'minimum',
        name: path,
        value,
        message: `${path} in ${inBody} should be greater than ${exclusive ? '' : 'or equal to '}${text}`,
      });
    }
  }
  const maximum = numberKeyword(schema, 'maximum');
  if (maximum !== undefined) {
    const exclusive = booleanKeyword(schema, 'exclusiveMaximum');
    const { limit, text } = bound(value, maximum);
    if (exclusive ? value >= limit : value > limit) {
      result.errors.push({
        code: 'maximum',
        name: path,
        value,
        message: `${path} in ${inBody} should be less than ${exclusive ? '' : 'or equal to '}${text}`,
      });
    }
  }
  return result;
}

function validateSlice(value: unknown[], schema: SchemaNode, path: string): Result {
  const result = emptyResult();
  if (schema.items) {
    value.forEach((item, i) => {
      merge(result, validateValue(item, schema.items!, `${path}[${i}]`));
    });
  }
  const minItems = numberKeyword(schema, 'minItems');
  if (minItems !== undefined && value.length < minItems) {
    result.errors.push({
      code: 'minItems',
      name: path,
      value: value.length,
      message: `${path} in ${inBody} should have at least ${minItems} items`,
    });
  }
  const maxItems = numberKeyword(schema, 'maxItems');
  if (maxItems !== undefined && value.length > maxItems) {
    result.errors.push({
      code: 'maxItems',
      name: path,
      value: value.length,
      valid: maxItems,
      message: `${path} in ${inBody} should have at most ${maxItems} items`,
    });
  }
  if (
    booleanKeyword(schema, 'uniqueItems') &&
    value.some((item, i) => value.slice(0, i).some((o) => jsonEqual(o, item)))
  ) {
    result.errors.push({ code: 'unique', name: path, message: `${path} in ${inBody} shouldn't contain duplicates` });
  }
  result.matchCount++;
  return result;
}

function validateEnum(value: unknown, schema: SchemaNode, path: string): Result | undefined {
  const values = schema.enum;
  if (!values?.length || values.some((allowed) => jsonEqual(allowed, value))) return undefined;
  const listed = `[${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}]`;
  return failed({
    code: 'enum',
    name: path,
    value,
    values,
    message: `${path} in ${inBody} should be one of ${listed}`,
  });
}

function validateObject(value: Record<string, unknown>, schema: SchemaNode, path: string): Result {
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const minProperties = numberKeyword(schema, 'minProperties');
  if (minProperties !== undefined && keys.length < minProperties) {
    return failed({
      code: 'tooFewProperties',
      name: path,
      value: keys.length,
      message: `${path} in ${inBody} should have at least ${minProperties} properties`,
    });
  }
  const maxProperties = numberKeyword(schema, 'maxProperties');
  if (maxProperties !== undefined && keys.length > maxProperties) {
    return failed({
      code: 'tooManyProperties',
      name: path,
      value: keys.length,
      valid: maxProperties,
      message: `${path} in ${inBody} should have at most ${maxProperties} properties`,
    });
  }
  const result = emptyResult();
  const properties = schema.properties ?? {};
  const additional = additionalPropertiesSchema(schema);
  for (const key of keys) {
    if (key in properties) continue;
    if (schema.additionalProperties === false) {
      result.errors.push({
        code: 'unallowedProperty',
        name: path,
        value: key,
        message: `${path}.${key} in ${inBody} is a forbidden property`,
      });
    } else if (additional) {
      merge(result, validateValue(value[key], additional, `${path}.${key}`));
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    if (value[name] !== undefined) merge(result, validateValue(value[name], property, path ? `${path}.${name}` : name));
  }
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) {
      result.errors.push({
        code: 'required',
        name: `${path}.${name}`,
        message: `${path}.${name} in ${inBody} is required`,
      });
    }
  }
  return result;
}

/** anyOf, oneOf, allOf and not: each alternative is validated at the same path. */
function validateJunctions(value: unknown, schema: SchemaNode, path: string): Result {
  const result = emptyResult();
  const anyOf = schemaListKeyword(schema, 'anyOf');
  if (anyOf.length) {
    let best: Result | undefined;
    let succeeded: Result | undefined;
    for (const alternative of anyOf) {
      const outcome = validateValue(value, alternative, path);
      if (outcome.errors.length === 0) {
        succeeded = outcome;
        best = undefined;
        break;
      }
      if (!best || outcome.matchCount > best.matchCount) best = outcome;
    }
    if (!succeeded)
      result.errors.push({ code: 'composite', message: `${goQuote(path)} must validate at least one schema (anyOf)` });
    merge(result, best ?? succeeded);
  }
  const oneOf = schemaListKeyword(schema, 'oneOf');
  if (oneOf.length) {
    let best: Result | undefined;
    let first: Result | undefined;
    let valid = 0;
    for (const alternative of oneOf) {
      const outcome = validateValue(value, alternative, path);
      if (outcome.errors.length === 0) {
        valid++;
        best = undefined;
        first ??= outcome;
        continue;
      }
      if (valid === 0 && (!best || outcome.matchCount > best.matchCount)) best = outcome;
    }
    if (valid !== 1) {
      const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      result.errors.push({
        code: 'composite',
        message: `${goQuote(path)} must validate one and only one schema (oneOf). ${found}`,
      });
      merge(result, best);
    } else {
      merge(result, first);
    }
  }
  const allOf = schemaListKeyword(schema, 'allOf');
  if (allOf.length) {
    let valid = 0;
    for (const alternative of allOf) {
      const outcome = validateValue(value, alternative, path);
      if (outcome.errors.length === 0) valid++;
      merge(result, outcome);
    }
    if (valid !== allOf.length) {
      const none = valid === 0 ? '. None validated' : '';
      result.errors.push({
        code: 'composite',
        message: `${goQuote(path)} must validate all the schemas (allOf)${none}`,
      });
    }
  }
  const not = notKeyword(schema);
  if (not && validateValue(value, not, path).errors.length === 0) {
    result.errors.push({ code: 'composite', message: `${goQuote(path)} must not validate the schema (not)` });
  }
  result.matchCount++;
  return result;
}

/** Validates one value against one schema node; `path` is `""` at the root, `spec.items[0]` below. */
export function validateValue(value: unknown, schema: SchemaNode, path: string): Result {
  const result = emptyResult();
  const kind = jsonKind(value);
  const typed = schemaTypes(schema).length > 0 || supportedFormat(schema.format) !== undefined;
  if (kind === 'null') {
    if (typed) merge(result, validateType(value, schema, path));
    return merge(result, validateEnum(value, schema, path));
  }
  const run = (outcome: Result | undefined) => {
    merge(result, outcome);
    result.matchCount++;
  };
  if (typed) run(validateType(value, schema, path));
  run(validateJunctions(value, schema, path));
  if (kind === 'string') {
    run(validateString(value as string, schema, path));
    const format = supportedFormat(schema.format);
    if (format) run(validateFormat(value as string, format, path));
  }
  if (kind === 'integer' || kind === 'number') run(validateNumber(value as number, schema, path));
  if (kind === 'array') run(validateSlice(value as unknown[], schema, path));
  run(validateEnum(value, schema, path));
  if (isJsonObject(value)) run(validateObject(value, schema, path));
  result.matchCount++;
  return result;
}
