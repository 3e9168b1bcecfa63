import { createRequire } from 'node:module';
import type { SchemaNode, SchemaResolver } from './types.js';

const require = createRequire(import.meta.url);

export interface BuiltinResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  definition: string;
  listDefinition: string;
  subresources: Record<string, { group: string; version: string; kind: string; verbs: string[] }>;
}

/** Every built-in schema definition, keyed `io.k8s.api.apps.v1.Deployment`, prose removed. */
export const builtinDefinitions: Record<string, SchemaNode> = require('./generated/builtin-definitions.json');
export const builtinResources: BuiltinResource[] = require('./generated/builtin-resources.json');

const definitionPrefix = '#/definitions/';

/** Resolves `$ref: '#/definitions/…'` against the built-in definitions; CRD schemas have no refs. */
export const resolveSchema: SchemaResolver = (node) => {
  let current = node;
  for (let depth = 0; current?.$ref && depth < 8; depth++) {
    const name = current.$ref.startsWith(definitionPrefix) ? current.$ref.slice(definitionPrefix.length) : current.$ref;
    current = builtinDefinitions[name];
  }
  if (current?.allOf?.length === 1 && !current.type && !current.properties) return resolveSchema(current.allOf[0]);
  return current;
};

export const refTo = (definition: string): SchemaNode => ({ $ref: `${definitionPrefix}${definition}` });

/** The schema of `field` inside an object node, or undefined when the schema does not say. */
export function propertySchema(node: SchemaNode | undefined, field: string): SchemaNode | undefined {
  const resolved = resolveSchema(node);
  if (!resolved) return undefined;
  const property = resolved.properties?.[field];
  if (property) return resolveSchema(property);
  if (typeof resolved.additionalProperties === 'object') return resolveSchema(resolved.additionalProperties);
  return undefined;
}

/** The schema of a list's items. */
export function itemSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  return resolveSchema(resolveSchema(node)?.items);
}
