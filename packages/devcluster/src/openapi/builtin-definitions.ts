import { builtinDefinitions } from '../schema.js';
import type { SchemaNode } from '../types.js';

const v2Prefix = '#/definitions/';
const v3Prefix = '#/components/schemas/';

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(v2Prefix))
      into.add(value.slice(v2Prefix.length));
    else collectRefs(value, into);
  }
}

/** The named built-in definitions and every definition they reference, sorted by name. */
export function definitionClosure(roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name) || !builtinDefinitions[name]) continue;
    seen.add(name);
    const refs = new Set<string>();
    collectRefs(builtinDefinitions[name], refs);
    pending.push(...refs);
  }
  return [...seen].sort();
}

/** Definitions whose OpenAPI v3 form is not a translation of their v2 form. */
const v3Overrides: Record<string, SchemaNode> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

/**
 * A v2 schema node in OpenAPI v3 form: refs point into `components.schemas`, and property and item
 * refs are wrapped in `allOf` so that siblings such as a description stay meaningful.
 */
export function toV3Schema(node: unknown, wrapRef = false): unknown {
  if (Array.isArray(node)) return node.map((item) => toV3Schema(item));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toV3Schema(schema, true)]));
    } else if (key === 'items') {
      out[key] = toV3Schema(value, true);
    } else if (key === '$ref' && typeof value === 'string') {
      out[key] = value.replace(v2Prefix, v3Prefix);
    } else {
      out[key] = toV3Schema(value);
    }
  }
  if (wrapRef && typeof out.$ref === 'string') {
    const { $ref, ...siblings } = out;
    return { allOf: [{ $ref }], ...siblings };
  }
  return out;
}

export const builtinV2Definition = (name: string): SchemaNode => builtinDefinitions[name];

export const builtinV3Definition = (name: string): SchemaNode =>
  v3Overrides[name] ?? (toV3Schema(builtinDefinitions[name]) as SchemaNode);
