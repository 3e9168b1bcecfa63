import type { ResourceType, SchemaNode } from '../types.js';
import { definitionNames } from './naming.js';

/** How a custom resource's schema is published, following apiextensions' OpenAPI builder. */
export type Flavor = 'v2' | 'v3';

const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const listMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const conventions = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

const typeMeta = {
  apiVersion: {
    description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${conventions}#resources`,
    type: 'string',
  },
  kind: {
    description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${conventions}#types-kinds`,
    type: 'string',
  },
};

/** Keywords a structural schema cannot hold; the API server does not publish them. */
const nonStructural = [
  'example',
  'externalDocs',
  '$schema',
  'id',
  'definitions',
  'dependencies',
  'additionalItems',
  'patternProperties',
];

export const definitionRef = (flavor: Flavor, name: string): string =>
  flavor === 'v2' ? `#/definitions/${name}` : `#/components/schemas/${name}`;

/** A reference with a description; OpenAPI v3 ignores siblings of `$ref`, so it is wrapped in `allOf`. */
const describedRef = (flavor: Flavor, name: string, description: string): SchemaNode =>
  flavor === 'v2'
    ? { $ref: definitionRef(flavor, name), description }
    : { allOf: [{ $ref: definitionRef(flavor, name) }], description };

type Visit = (node: SchemaNode) => void;

/** Calls `visit` on every structural node, parents before children (as the API server's schema visitor). */
function visitNodes(node: SchemaNode, visit: Visit): void {
  visit(node);
  for (const property of Object.values(node.properties ?? {})) visitNodes(property, visit);
  if (node.items && typeof node.items === 'object') visitNodes(node.items, visit);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    visitNodes(node.additionalProperties, visit);
  }
}

function stripNonStructural(node: SchemaNode): void {
  for (const key of nonStructural) delete node[key];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[key]))
      for (const nested of node[key] as SchemaNode[]) visitNodes(nested, stripNonStructural);
  }
}

const isIntOrStringAnyOf = (anyOf: unknown): boolean =>
  Array.isArray(anyOf) &&
  anyOf.length === 2 &&
  (anyOf[0] as SchemaNode).type === 'integer' &&
  (anyOf[1] as SchemaNode).type === 'string';

/** `Unfold`: int-or-string nodes spell out `anyOf: [integer, string]`. */
function unfoldIntOrString(node: SchemaNode): void {
  if (!node['x-kubernetes-int-or-string'] || isIntOrStringAnyOf(node.anyOf)) return;
  const alternatives = [{ type: 'integer' }, { type: 'string' }];
  if (!node.anyOf) node.anyOf = alternatives;
  else node.allOf = [{ anyOf: alternatives }, ...(node.allOf ?? [])];
}

/** `ToStructuralOpenAPIV2`: what kubectl's OpenAPI v2 validation cannot cope with is dropped. */
function toStructuralV2(node: SchemaNode): void {
  const properties = node.properties;
  for (const key of ['allOf', 'anyOf', 'oneOf', 'not']) delete node[key];
  if (node.nullable) {
    delete node.type;
    delete node.nullable;
    delete node.items;
    delete node.properties;
  }
  if (node['x-kubernetes-preserve-unknown-fields']) {
    delete node.items;
    delete node.properties;
  }
  if (!node.items && node.type === 'array') delete node.type;
  const nullableProperties = Object.entries(properties ?? {})
    .filter(([, property]) => property.nullable)
    .map(([name]) => name);
  if (node.required && nullableProperties.length) {
    node.required = node.required.filter((name) => !nullableProperties.includes(name));
    if (node.required.length === 0) delete node.required;
  }
  if (typeof node.additionalProperties === 'object' && node.additionalProperties.nullable) delete node.required;
}

/** Embedded resources are published with apiVersion, kind and metadata, which they must have. */
function addEmbeddedProperties(node: SchemaNode, flavor: Flavor): void {
  for (const property of Object.values(node.properties ?? {})) addEmbeddedProperties(property, flavor);
  if (node.items && typeof node.items === 'object') addEmbeddedProperties(node.items, flavor);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    addEmbeddedProperties(node.additionalProperties, flavor);
  }
  if (node['x-kubernetes-preserve-unknown-fields'] && flavor === 'v2') return;
  if (!node['x-kubernetes-embedded-resource']) return;
  node.properties = {
    ...node.properties,
    apiVersion: {
      description: `apiVersion defines the versioned schema of this representation of an object. More info: ${conventions}#resources`,
      type: 'string',
    },
    kind: {
      description: `kind is a string value representing the type of this object. In CamelCase. More info: ${conventions}#types-kinds`,
      type: 'string',
    },
    metadata: describedRef(flavor, objectMeta, `Standard object's metadata. More info: ${conventions}#metadata`),
  };
  const required = node.required ?? [];
  node.required = [...required, ...['kind', 'apiVersion'].filter((name) => !required.includes(name))];
}

const groupVersionKind = (type: ResourceType, kind: string) => [{ group: type.group, kind, version: type.version }];

/** The schema of a custom resource kind as the API server publishes it. */
export function customResourceSchema(type: ResourceType, flavor: Flavor): SchemaNode {
  const gvk = groupVersionKind(type, type.kind);
  const schema = structuredClone(type.schema);
  if (flavor === 'v2' && schema['x-kubernetes-preserve-unknown-fields']) {
    return { type: 'object', 'x-kubernetes-group-version-kind': gvk };
  }
  visitNodes(schema, stripNonStructural);
  visitNodes(schema, flavor === 'v2' ? toStructuralV2 : unfoldIntOrString);
  addEmbeddedProperties(schema, flavor);
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...properties } = schema.properties ?? {};
  return {
    ...schema,
    properties: {
      ...typeMeta,
      metadata: describedRef(flavor, objectMeta, `Standard object's metadata. More info: ${conventions}#metadata`),
      ...properties,
    },
    'x-kubernetes-group-version-kind': gvk,
  };
}

/** The schema of a custom resource's list kind. */
export function customResourceListSchema(type: ResourceType, flavor: Flavor): SchemaNode {
  return {
    description: `${type.listKind} is a list of ${type.kind}`,
    required: ['items'],
    properties: {
      ...typeMeta,
      items: {
        description: `List of ${type.plural}. More info: ${conventions}`,
        type: 'array',
        items: { $ref: definitionRef(flavor, definitionNames(type).object) },
      },
      metadata: describedRef(flavor, listMeta, `Standard list metadata. More info: ${conventions}#types-kinds`),
    },
    'x-kubernetes-group-version-kind': groupVersionKind(type, type.listKind),
  };
}
