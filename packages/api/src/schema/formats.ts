import { FormatRegistry } from '@sinclair/typebox';

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** TypeBox rejects strings with an unregistered `format`, so the formats the schemas use are registered once. */
export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => rfc3339.test(value));
}
