import { fieldDocs } from './field-docs.js';
import type { TableColumnDefinition } from './table-types.js';

export const column = (
  name: string,
  type: string,
  description: string,
  options: { format?: string; priority?: number } = {},
): TableColumnDefinition => ({
  name,
  type,
  format: options.format ?? '',
  description,
  priority: options.priority ?? 0,
});

/** A wide column: `kubectl get -o wide` shows it, plain `kubectl get` does not. */
export const wide = (name: string, type: string, description: string): TableColumnDefinition =>
  column(name, type, description, { priority: 1 });

export const nameColumn = column('Name', 'string', fieldDocs.name, { format: 'name' });
export const ageColumn = column('Age', 'string', fieldDocs.creationTimestamp);
export const containersColumn = wide('Containers', 'string', 'Names of each container in the template.');
export const imagesColumn = wide('Images', 'string', 'Images referenced by each container in the template.');
