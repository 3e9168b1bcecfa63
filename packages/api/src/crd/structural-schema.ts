import type { TSchema } from '@sinclair/typebox';
import { CrdSchemaError } from './crd-errors.js';

export type JsonSchemaObject = { [key: string]: unknown };

const copiedKeywords = [
  'description',
  'default',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
] as const;

const PreserveUnknown = 'x-kubernetes-preserve-unknown-fields';

const sortKeys = (value: JsonSchemaObject): JsonSchemaObject =>
  Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, value[key]]),
  );

/**
 * Turns a TypeBox schema into the structural OpenAPI v3 schema the API server requires: every node typed, unions of
 * literals as `enum`, records as `additionalProperties`, open-ended JSON as `x-kubernetes-preserve-unknown-fields`.
 * Keys are sorted so the output is stable.
 */
export function toStructuralSchema(schema: TSchema, path = '.'): JsonSchemaObject {
  const out: JsonSchemaObject = {};
  for (const keyword of copiedKeywords) if (schema[keyword] !== undefined) out[keyword] = schema[keyword];

  if (schema[PreserveUnknown] === true) {
    out[PreserveUnknown] = true;
    if (schema.type === 'object') out.type = 'object';
    return sortKeys(out);
  }
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as TSchema[];
    const values = options.map((option) => option.const);
    const types = new Set(values.map((value) => typeof value));
    if (values.some((value) => value === undefined) || types.size !== 1) {
      throw new CrdSchemaError(path, 'only unions of literals of one type can be rendered');
    }
    out.type = [...types][0];
    out.enum = values;
    return sortKeys(out);
  }
  if (schema.const !== undefined) {
    out.type = typeof schema.const;
    out.enum = [schema.const];
    return sortKeys(out);
  }
  switch (schema.type) {
    case 'object': {
      out.type = 'object';
      const properties = schema.properties as Record<string, TSchema> | undefined;
      if (properties && Object.keys(properties).length > 0) {
        out.properties = Object.fromEntries(
          Object.keys(properties)
            .sort()
            .map((key) => [key, toStructuralSchema(properties[key], `${path}${path === '.' ? '' : '.'}${key}`)]),
        );
      }
      const required = schema.required as string[] | undefined;
      if (required && required.length > 0) out.required = [...required].sort();
      const patterns = schema.patternProperties as Record<string, TSchema> | undefined;
      if (patterns) {
        const values = Object.values(patterns);
        if (values.length !== 1) throw new CrdSchemaError(path, 'a record needs exactly one value schema');
        out.additionalProperties = toStructuralSchema(values[0], `${path}[*]`);
      }
      return sortKeys(out);
    }
    case 'array':
      out.type = 'array';
      out.items = toStructuralSchema(schema.items as TSchema, `${path}[]`);
      return sortKeys(out);
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      out.type = schema.type;
      return sortKeys(out);
    default:
      throw new CrdSchemaError(path, `schema without a structural type (${JSON.stringify(schema.type)})`);
  }
}
