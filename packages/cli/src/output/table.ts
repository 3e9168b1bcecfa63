import type { Paint } from './colors.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Colours a cell on a terminal; widths are computed on the plain text. */
  color?: (row: Row, paint: Paint) => (text: string) => string;
}

/** kubectl-style table: upper-case headers, columns padded by three spaces, no borders. */
export function renderTable<Row>(columns: Column<Row>[], rows: Row[], paint: Paint): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row).replace(/\s*\n\s*/g, ' ')));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index]?.length ?? 0)),
  );
  const pad = (text: string, index: number) => (index === columns.length - 1 ? text : text.padEnd(widths[index] ?? 0));
  const header = columns.map((column, index) => pad(column.header.toUpperCase(), index)).join('   ');
  const lines = rows.map((row, rowIndex) =>
    columns
      .map((column, index) => {
        const padded = pad(cells[rowIndex]?.[index] ?? '', index);
        return column.color ? column.color(row, paint)(padded) : padded;
      })
      .join('   '),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
