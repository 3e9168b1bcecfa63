import type { KindDefinition, PrinterColumn } from '../kinds/kind-definition.js';
import { type JsonSchemaObject, toStructuralSchema } from './structural-schema.js';

/** The parts of apiextensions.k8s.io/v1 CustomResourceDefinition that Driftless renders. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories?: string[];
    };
    scope: 'Namespaced' | 'Cluster';
    versions: CustomResourceDefinitionVersion[];
  };
}

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  additionalPrinterColumns: PrinterColumn[];
  schema: { openAPIV3Schema: JsonSchemaObject };
  subresources: { status: Record<string, never> };
}

export const crdName = (definition: KindDefinition): string => `${definition.plural}.${definition.group}`;

const openApiSchema = (definition: KindDefinition): JsonSchemaObject => ({
  description: definition.description,
  properties: {
    apiVersion: { description: 'Versioned schema of this representation of the object.', type: 'string' },
    kind: { description: 'REST resource this object represents.', type: 'string' },
    metadata: { type: 'object' },
    spec: toStructuralSchema(definition.spec, '.spec'),
    status: toStructuralSchema(definition.status, '.status'),
  },
  type: 'object',
});

/** The CustomResourceDefinition of one kind, every version sharing one schema. */
export function buildCrd(definition: KindDefinition): CustomResourceDefinition {
  const schema = openApiSchema(definition);
  const names: CustomResourceDefinition['spec']['names'] = {
    kind: definition.kind,
    listKind: `${definition.kind}List`,
    plural: definition.plural,
    singular: definition.singular,
  };
  if (definition.shortNames.length > 0) names.shortNames = [...definition.shortNames];
  if (definition.categories.length > 0) names.categories = [...definition.categories];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(definition), labels: { 'app.kubernetes.io/part-of': 'driftless' } },
    spec: {
      group: definition.group,
      names,
      scope: definition.namespaced ? 'Namespaced' : 'Cluster',
      versions: definition.versions.map((version) => ({
        name: version.name,
        served: true,
        storage: version.storage,
        ...(version.deprecationWarning ? { deprecated: true, deprecationWarning: version.deprecationWarning } : {}),
        additionalPrinterColumns: definition.printerColumns.map((column) => ({ ...column })),
        schema: { openAPIV3Schema: structuredClone(schema) },
        subresources: { status: {} },
      })),
    },
  };
}
