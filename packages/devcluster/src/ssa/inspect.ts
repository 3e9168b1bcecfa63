import type { FieldsV1, KubeObject, SchemaNode } from '../types.js';
import { formatPath } from './field-path.js';
import { memberPaths } from './field-set.js';
import { withoutUntracked } from './managers.js';
import { rootShapeOf } from './schema-shape.js';
import { valueFieldSet } from './to-field-set.js';

/** The fields `object` sets, as its applier would be recorded owning them. */
export function fieldSetOf(object: KubeObject, schema: SchemaNode): FieldsV1 {
  return withoutUntracked(valueFieldSet(object, rootShapeOf(schema)));
}

/** Every path a field set owns, printed like `.spec.containers[name="nginx"].image`. */
export const fieldPaths = (set: FieldsV1): string[] => memberPaths(set).map(formatPath);
