import type { SchemaNode } from '../types.js';

/** Typed reads of the OpenAPI v3 keywords a CRD schema may carry beyond what `SchemaNode` types. */

export const numberKeyword = (schema: SchemaNode, key: string): number | undefined =>
  typeof schema[key] === 'number' ? (schema[key] as number) : undefined;

export const booleanKeyword = (schema: SchemaNode, key: string): boolean => schema[key] === true;

export const stringKeyword = (schema: SchemaNode, key: string): string | undefined =>
  typeof schema[key] === 'string' ? (schema[key] as string) : undefined;

export const schemaListKeyword = (schema: SchemaNode, key: 'allOf' | 'anyOf' | 'oneOf'): SchemaNode[] =>
  Array.isArray(schema[key]) ? (schema[key] as SchemaNode[]) : [];

export const notKeyword = (schema: SchemaNode): SchemaNode | undefined =>
  schema.not && typeof schema.not === 'object' ? (schema.not as SchemaNode) : undefined;

/** The declared types; `x-kubernetes-int-or-string` stands for integer or string. */
export function schemaTypes(schema: SchemaNode): string[] {
  if (schema['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return schema.type ? [schema.type] : [];
}

export const additionalPropertiesSchema = (schema: SchemaNode): SchemaNode | undefined =>
  typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;

export const preservesUnknownFields = (schema: SchemaNode | undefined): boolean =>
  schema?.['x-kubernetes-preserve-unknown-fields'] === true;

export const isEmbeddedResource = (schema: SchemaNode | undefined): boolean =>
  schema?.['x-kubernetes-embedded-resource'] === true;
