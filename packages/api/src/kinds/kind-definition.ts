import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import { ObjectMeta } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'date' | 'integer' | 'number' | 'boolean';
  jsonPath: string;
  priority?: number;
}

export interface VersionDefinition {
  name: string;
  storage: boolean;
  deprecationWarning?: string;
}

/** Everything needed to validate a kind and to render its CustomResourceDefinition. */
export interface KindDefinition {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
  namespaced: boolean;
  description: string;
  /** Served versions, storage version first; every version shares the schema. */
  versions: readonly VersionDefinition[];
  printerColumns: readonly PrinterColumn[];
  spec: TSchema;
  status: TSchema;
  /** The whole object, as `validate` checks it. */
  schema: TObject;
}

export const FluxCategories = ['fluxcd'] as const;

const ready: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
};
const status: PrinterColumn = {
  name: 'Status',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].message',
};
const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

export const Column = { ready, status, age } as const;

/** The top-level object schema: apiVersion, kind, metadata, spec, status. */
export function kubeObject<Spec extends TSchema, Status extends TSchema>(options: {
  group: string;
  versions: readonly string[];
  kind: string;
  description: string;
  spec: Spec;
  status: Status;
}) {
  return Type.Object(
    {
      apiVersion: StringEnum(options.versions.map((version) => `${options.group}/${version}`)),
      kind: Type.Literal(options.kind),
      metadata: Type.Optional(ObjectMeta),
      spec: options.spec,
      status: Type.Optional(options.status),
    },
    { description: options.description },
  );
}
