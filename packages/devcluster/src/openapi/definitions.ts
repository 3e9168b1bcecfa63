import type { ResourceType, SchemaNode } from '../types.js';
import { builtinV2Definition, builtinV3Definition, definitionClosure } from './builtin-definitions.js';
import { customResourceListSchema, customResourceSchema, type Flavor } from './custom-resource-schemas.js';
import { definitionNames } from './naming.js';
import type { PathSpec } from './operations.js';
import { operationDefinitions } from './operations.js';

const customResourceDependencies = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
];

/** Every schema the resources and their operations need, built-in ones translated for the flavor. */
export function definitionsFor(types: ResourceType[], paths: PathSpec[], flavor: Flavor): Record<string, SchemaNode> {
  const custom = new Map<string, SchemaNode>();
  for (const type of types.filter((t) => !t.builtin)) {
    const names = definitionNames(type);
    custom.set(names.object, customResourceSchema(type, flavor));
    custom.set(names.list, customResourceListSchema(type, flavor));
  }
  const roots = [...operationDefinitions(paths)].filter((name) => !custom.has(name));
  if (custom.size) roots.push(...customResourceDependencies);
  for (const type of types.filter((t) => t.builtin)) roots.push(definitionNames(type).object);
  const builtin = definitionClosure(roots).map(
    (name) => [name, flavor === 'v3' ? builtinV3Definition(name) : builtinV2Definition(name)] as const,
  );
  return Object.fromEntries([...builtin, ...custom].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
