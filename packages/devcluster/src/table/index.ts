export { humanDuration } from './duration.js';
export { findJsonPath, JsonPathError } from './jsonpath.js';
export type { TableColumnDefinition, TableRowCondition } from './table-types.js';
export { type IncludeObject, type Table, type TableOptions, type TableRow, toTable } from './to-table.js';
