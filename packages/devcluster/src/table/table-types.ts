import type { KubeObject } from '../types.js';

/** `meta.k8s.io/v1` TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** `meta.k8s.io/v1` TableRowCondition. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** How the API server prints one kind: its columns, and the cells (every column, wide ones included) of an object. */
export interface RowPrinter {
  columns: TableColumnDefinition[];
  cells: (object: KubeObject, now: Date) => unknown[];
  conditions?: (object: KubeObject) => TableRowCondition[];
}
