import type { Paint } from '../../output/colors.js';
import { type Column, renderTable } from '../../output/table.js';
import type { FluxObject, KindObjects } from './fetch-objects.js';
import { hasRevision, type Summary, summarize } from './summary.js';

export interface TableOptions {
  allNamespaces: boolean;
  header: boolean;
  paint: Paint;
  now: Date;
}

const readyColors: Record<string, 'green' | 'red' | 'yellow'> = { True: 'green', False: 'red', Unknown: 'yellow' };

function columnsFor(kind: string, allNamespaces: boolean): Column<Summary>[] {
  const columns: Column<Summary>[] = [];
  if (allNamespaces) columns.push({ header: 'namespace', value: (row) => row.namespace });
  columns.push({ header: 'name', value: (row) => row.name });
  if (hasRevision(kind)) columns.push({ header: 'revision', value: (row) => row.revision });
  columns.push(
    { header: 'suspended', value: (row) => row.suspended },
    {
      header: 'ready',
      value: (row) => row.ready,
      color: (row, paint) => (text) => paint(readyColors[row.ready] ?? 'yellow', text),
    },
    { header: 'last updated', value: (row) => row.lastUpdated },
    { header: 'message', value: (row) => row.message },
  );
  return columns;
}

/** One kind's objects as `flux get` prints them. */
export function renderKindTable(group: KindObjects, options: TableOptions): string {
  const rows = group.items.map((item) => summarize(item, options.now));
  const table = renderTable(columnsFor(group.kind.kind, options.allNamespaces), rows, options.paint);
  return options.header ? table : table.slice(table.indexOf('\n') + 1);
}

/** Several kinds (`get all`, `get sources all`): a heading and a table per kind that has objects. */
export function renderKindTables(groups: readonly KindObjects[], options: TableOptions): string {
  return groups
    .filter((group) => group.items.length > 0)
    .map((group) => `${options.paint('bold', group.kind.kind)}\n${renderKindTable(group, options)}`)
    .join('\n');
}

/**
 * What `-o json|yaml` prints: the object itself when one was named, a v1 List otherwise; without
 * managedFields, as kubectl leaves them out.
 */
export function outputData(groups: readonly KindObjects[], named: boolean): unknown {
  const items = groups.flatMap((group) => group.items).map(withoutManagedFields);
  if (named && groups.length === 1 && items.length === 1) return items[0];
  return { apiVersion: 'v1', kind: 'List', items };
}

function withoutManagedFields(object: FluxObject): FluxObject {
  const { managedFields: _managedFields, ...metadata } = object.metadata;
  return { ...object, metadata };
}
