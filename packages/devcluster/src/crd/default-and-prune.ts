import type { KubeObject, SchemaNode } from '../types.js';
import { applyDefaults, dropNullsWithoutDefaults } from './defaulting.js';
import { asResourceRoot, pruneInPlace } from './prune.js';

/**
 * A custom resource as the API server stores it: unknown fields pruned (never apiVersion, kind or
 * metadata at the root or in embedded resources), null non-nullable fields without a default
 * dropped, and schema defaults applied. The input is not changed; the result is plain JSON (no
 * `undefined` members).
 */
export function defaultAndPrune(object: KubeObject, schema: SchemaNode): KubeObject {
  const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
  pruneInPlace(copy, asResourceRoot(schema));
  dropNullsWithoutDefaults(copy, schema);
  applyDefaults(copy, schema);
  return copy;
}
