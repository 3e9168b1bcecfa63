import { InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';

export const OutputFormat = { table: 'table', json: 'json', yaml: 'yaml' } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

/** commander argument parser for `-o, --output`. */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === 'table' || value === 'json' || value === 'yaml') return value;
  throw new InvalidArgumentError('table, json or yaml');
}

/** Machine-readable output: JSON (2-space, one document) or YAML (documents separated by ---). */
export function formatData(format: 'json' | 'yaml', data: unknown): string {
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (Array.isArray(data)) return data.map((item) => stringify(item)).join('---\n');
  return stringify(data);
}
