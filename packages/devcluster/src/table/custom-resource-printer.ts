import { goNumber } from '../crd/go-format.js';
import type { PrinterColumn } from '../types.js';
import { column, nameColumn } from './columns.js';
import { age } from './duration.js';
import { fieldDocs } from './field-docs.js';
import { findJsonPath, JsonPathError } from './jsonpath.js';
import type { RowPrinter } from './table-types.js';

/** The API server's Age column for custom resources (a date column, printed as an age). */
const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  description: fieldDocs.creationTimestamp,
  jsonPath: '.metadata.creationTimestamp',
};

/** How jsonpath prints a value into a string column: strings as they are, objects and lists as JSON. */
function printed(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `cellForJSONValue`: typed cells; dates become ages; anything that does not fit the type is null. */
function cell(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return printed(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : age(value, now);
    default:
      return null;
  }
}

function firstValue(object: unknown, jsonPath: string): unknown {
  try {
    return findJsonPath(object, jsonPath)[0];
  } catch (error) {
    if (error instanceof JsonPathError) return undefined;
    throw error;
  }
}

/**
 * The apiextensions table convertor: Name, then the version's additionalPrinterColumns, then Age
 * unless a column is already called Age. (The API server itself adds Age only to versions that list
 * no columns; every column list seen in practice ends with Age, so the two agree there.)
 */
export function customResourcePrinter(printerColumns: PrinterColumn[]): RowPrinter {
  const hasAge = printerColumns.some((c) => c.name === 'Age');
  const columns = hasAge ? printerColumns : [...printerColumns, ageColumn];
  return {
    columns: [
      nameColumn,
      ...columns.map((c) =>
        column(
          c.name,
          c.type,
          c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
          {
            format: c.format,
            priority: c.priority,
          },
        ),
      ),
    ],
    cells: (object, now) => [
      object.metadata.name,
      ...columns.map((c) => cell(c.type, firstValue(object, c.jsonPath), now)),
    ],
  };
}
