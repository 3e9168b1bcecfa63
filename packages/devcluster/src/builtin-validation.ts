import { resolveSchema } from './schema.js';
import type { SchemaNode } from './types.js';

export interface DecodeProblems {
  unknownFields: string[];
  typeErrors: string[];
}

const lenientRefs = ['Quantity', 'IntOrString'];

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function typeMatches(expected: string | undefined, format: string | undefined, value: unknown): boolean {
  if (!expected || value === null) return true;
  const actual = jsonType(value);
  if (format === 'int-or-string') return actual === 'integer' || actual === 'string';
  if (expected === 'number') return actual === 'integer' || actual === 'number';
  return expected === actual;
}

/**
 * What the API server's strict JSON decoder reports for a built-in object: fields the Go types
 * do not have, and values of the wrong JSON type. Paths read `spec.template.spec.containers[0].foo`.
 */
export function decodeProblems(value: unknown, schema: SchemaNode): DecodeProblems {
  const problems: DecodeProblems = { unknownFields: [], typeErrors: [] };
  walk(value, schema, '', problems);
  return problems;
}

function walk(value: unknown, raw: SchemaNode | undefined, path: string, problems: DecodeProblems): void {
  if (!raw || value === null || value === undefined) return;
  if (raw.$ref && lenientRefs.some((name) => raw.$ref!.endsWith(`.${name}`))) {
    const actual = jsonType(value);
    if (actual !== 'string' && actual !== 'integer' && actual !== 'number') {
      problems.typeErrors.push(`${path}: expected a string or number, got ${actual}`);
    }
    return;
  }
  const node = resolveSchema(raw);
  if (!node) return;
  if (!typeMatches(node.type, node.format, value)) {
    problems.typeErrors.push(`${path || '<root>'}: expected ${node.type}, got ${jsonType(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(item, node.items, `${path}[${index}]`, problems);
    return;
  }
  if (typeof value !== 'object') return;
  if (node['x-kubernetes-preserve-unknown-fields']) return;
  const properties = node.properties;
  const additional = node.additionalProperties;
  if (!properties && additional === undefined) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    const property = properties?.[key];
    if (property) walk(child, property, childPath, problems);
    else if (typeof additional === 'object') walk(child, additional, childPath, problems);
    else if (additional !== true) problems.unknownFields.push(childPath);
  }
}
