import { propertySchema, resolveSchema } from '../schema.js';
import type { SchemaNode } from '../types.js';
import { StrategicMergePatchError } from './strategic-merge-error.js';

/** How a field merges, read from `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`. */
export interface FieldPatchMeta {
  /** The field's own schema, `$ref`s followed; undefined when the schema does not describe it. */
  schema: SchemaNode | undefined;
  /** `merge`, `replace` or '' (the default: maps merge, lists are replaced). */
  strategy: string;
  mergeKey: string;
}

const unknownField: FieldPatchMeta = { schema: undefined, strategy: '', mergeKey: '' };

/** The strategy left once `retainKeys` is split off, as apimachinery's extractRetainKeysPatchStrategy does. */
function mainStrategy(declared: string): string {
  const strategies = declared ? declared.split(',') : [];
  if (strategies.length === 0) return '';
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : strategies[0];
  if (strategies.length === 2 && strategies.includes('retainKeys')) {
    return strategies[0] === 'retainKeys' ? strategies[1] : strategies[0];
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

/**
 * The patch metadata of `field` inside an object described by `parent`. The extensions sit next to
 * the `$ref` on the property, so they are read before the ref is followed.
 */
export function lookupFieldMeta(parent: SchemaNode | undefined, field: string): FieldPatchMeta {
  const resolvedParent = resolveSchema(parent);
  if (!resolvedParent) return unknownField;
  const additional = resolvedParent.additionalProperties;
  const declared = resolvedParent.properties?.[field] ?? (typeof additional === 'object' ? additional : undefined);
  if (!declared) return unknownField;
  const schema = propertySchema(resolvedParent, field);
  const strategy = declared['x-kubernetes-patch-strategy'] ?? schema?.['x-kubernetes-patch-strategy'] ?? '';
  const mergeKey = declared['x-kubernetes-patch-merge-key'] ?? schema?.['x-kubernetes-patch-merge-key'] ?? '';
  return { schema, strategy: mainStrategy(strategy), mergeKey };
}
