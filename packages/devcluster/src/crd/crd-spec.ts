import type { KubeObject, PrinterColumn, SchemaNode } from '../types.js';

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition the server acts on. */
export interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: SchemaNode };
  subresources?: {
    status?: Record<string, never>;
    scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: PrinterColumn[];
}

export interface CrdSpec {
  group?: string;
  names?: CrdNames;
  scope?: string;
  versions?: CrdVersion[];
  preserveUnknownFields?: boolean;
}

export const crdSpecOf = (crd: KubeObject): CrdSpec => (crd.spec ?? {}) as CrdSpec;

/** The names after the API server's defaulting: singular is the lower-case kind, listKind `<Kind>List`. */
export function defaultedNames(names: CrdNames | undefined): CrdNames {
  const kind = names?.kind ?? '';
  return {
    ...names,
    singular: names?.singular || kind.toLowerCase(),
    listKind: names?.listKind || (kind ? `${kind}List` : ''),
  };
}
