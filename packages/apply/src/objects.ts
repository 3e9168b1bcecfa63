import type { KubeObject } from '@driftless/runtime';

/** A manifest object as read from YAML: apiVersion, kind and metadata.name are always present. */
export interface Unstructured extends KubeObject {
  apiVersion: string;
  kind: string;
}

/** Identifies an object across versions: Flux's `ObjMetadata` (namespace is '' when cluster-scoped). */
export interface ObjectRef {
  namespace: string;
  name: string;
  group: string;
  kind: string;
}

/** `group` of an apiVersion: '' for the core group (`v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function refOf(object: Unstructured): ObjectRef {
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    group: groupOf(object.apiVersion),
    kind: object.kind,
  };
}

/** Flux's inventory id: `<namespace>_<name>_<group>_<kind>`. */
export function formatObjectId(ref: ObjectRef): string {
  return `${ref.namespace}_${ref.name}_${ref.group}_${ref.kind}`;
}

export function objectIdOf(object: Unstructured): string {
  return formatObjectId(refOf(object));
}

/**
 * Parses an inventory id. Names and namespaces cannot hold `_`, but a group can hold none either,
 * so the id splits into exactly four parts; anything else is not an id.
 */
export function parseObjectId(id: string): ObjectRef {
  const parts = id.split('_');
  if (parts.length !== 4 || !parts[1] || !parts[3]) throw new Error(`invalid inventory id "${id}"`);
  const [namespace, name, group, kind] = parts as [string, string, string, string];
  return { namespace, name, group, kind };
}

/** `Kind/namespace/name` (or `Kind/name`), the way change sets, events and errors name an object. */
export function subjectOf(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
