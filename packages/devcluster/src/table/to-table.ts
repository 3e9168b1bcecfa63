import type { KubeObject, ResourceType } from '../types.js';
import { builtinPrinters, createdAtKinds } from './builtin-printers.js';
import { customResourcePrinter } from './custom-resource-printer.js';
import { createdAtPrinter, nameAgePrinter } from './generic-printers.js';
import type { RowPrinter, TableColumnDefinition, TableRowCondition } from './table-types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  now: Date;
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: Record<string, unknown>;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export function printerFor(type: ResourceType): RowPrinter {
  if (!type.builtin) return customResourcePrinter(type.printerColumns);
  const key = `${type.group}/${type.kind}`;
  if (createdAtKinds.has(key)) return createdAtPrinter;
  return builtinPrinters.get(key) ?? nameAgePrinter;
}

function rowObject(object: KubeObject, includeObject: IncludeObject): Record<string, unknown> | undefined {
  if (includeObject === 'Object') return object;
  if (includeObject === 'Metadata') {
    return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
  }
  return undefined;
}

/**
 * The `meta.k8s.io/v1` Table the API server answers `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`
 * with: the kind's columns (wide ones at priority 1) and a row per object, carrying the object, its
 * metadata only, or nothing, as `includeObject` asks.
 */
export function toTable(type: ResourceType, objects: KubeObject[], options: TableOptions): Table {
  const printer = printerFor(type);
  const rows = objects.map((object) => {
    const conditions = printer.conditions?.(object) ?? [];
    const included = rowObject(object, options.includeObject);
    return {
      cells: printer.cells(object, options.now),
      ...(conditions.length ? { conditions } : {}),
      ...(included ? { object: included } : {}),
    };
  });
  const { resourceVersion, continue: next, remainingItemCount } = options.listMeta ?? {};
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(resourceVersion ? { resourceVersion } : {}),
      ...(next ? { continue: next } : {}),
      ...(remainingItemCount !== undefined ? { remainingItemCount } : {}),
    },
    columnDefinitions: printer.columns,
    rows,
  };
}
