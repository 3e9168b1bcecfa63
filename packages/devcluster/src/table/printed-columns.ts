import type { KubeObject } from '../types.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wide } from './columns.js';
import { age } from './duration.js';
import { at, containerCells, count } from './object-fields.js';
import type { RowPrinter, TableColumnDefinition } from './table-types.js';

/** One column a printer shows, and how it reads that column's cell from an object. */
export type PrintedColumn = readonly [column: TableColumnDefinition, cell: (object: KubeObject, now: Date) => unknown];

const nameCell: PrintedColumn = [nameColumn, (object) => object.metadata.name];
const ageCell: PrintedColumn = [ageColumn, (object, now) => age(object.metadata.creationTimestamp, now)];

/**
 * The shape the API server prints most kinds in: `Name`, the kind's own columns, `Age`, then the columns after it
 * (usually wide ones).
 */
export function namedPrinter(own: readonly PrintedColumn[], afterAge: readonly PrintedColumn[] = []): RowPrinter {
  const printed = [nameCell, ...own, ageCell, ...afterAge];
  return {
    columns: printed.map(([definition]) => definition),
    cells: (object, now) => printed.map(([, cell]) => cell(object, now)),
  };
}

/** An integer column that prints the number at a path, or the fallback when there is none. */
export const counted = (name: string, description: string, path: string, fallback = 0): PrintedColumn => [
  column(name, 'integer', description),
  (object) => count(at(object, path), fallback),
];

/** `Ready` as `ready/desired` replicas, the way Deployments and StatefulSets print it. */
export const readyOfDesired: PrintedColumn = [
  column('Ready', 'string', 'Number of the pod with ready state'),
  (object) => `${count(at(object, 'status.readyReplicas'))}/${count(at(object, 'spec.replicas'), 1)}`,
];

/** The wide `Containers` and `Images` columns of the pod template at a path. */
export const templateContainers = (podSpecPath: string): PrintedColumn[] => [
  [containersColumn, (object) => containerCells(at(object, podSpecPath))[0]],
  [imagesColumn, (object) => containerCells(at(object, podSpecPath))[1]],
];

/** The wide `Selector` column: the selector at a path, formatted the way the kind prints it. */
export const wideSelector = (
  description: string,
  path: string,
  format: (selector: unknown) => string,
): PrintedColumn => [wide('Selector', 'string', description), (object) => format(at(object, path))];
