import { ageColumn, column, nameColumn } from './columns.js';
import { age } from './duration.js';
import { fieldDocs } from './field-docs.js';
import type { RowPrinter } from './table-types.js';

/** `rest.NewDefaultTableConvertor`: the name and the creation time as an RFC 3339 date. */
export const createdAtPrinter: RowPrinter = {
  columns: [nameColumn, column('Created At', 'date', fieldDocs.creationTimestamp)],
  cells: (object) => {
    const created = Date.parse(object.metadata.creationTimestamp ?? '');
    return [
      object.metadata.name,
      Number.isNaN(created) ? '0001-01-01T00:00:00Z' : new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ];
  },
};

/** Name and age, for kinds without a printer of their own. */
export const nameAgePrinter: RowPrinter = {
  columns: [nameColumn, ageColumn],
  cells: (object, now) => [object.metadata.name, age(object.metadata.creationTimestamp, now)],
};
