import type { Values } from '../release/release.js';
import { parseSetInto } from './set-parser.js';

/**
 * Flux's `ReplacePathValue` for a `valuesFrom` entry with `targetPath`: sets `value` at the helm `--set` style
 * `path` (`a.b[0].c`, `a\.b` for a dot inside a key) in `values`, which is changed in place. The value is typed as
 * `--set` types it; a value wrapped in single or double quotes is taken as a string with the quotes removed
 * (`--set-string`).
 */
export function setTargetPath(values: Values, path: string, value: string): void {
  const quoted = isWrapped(value, "'") || isWrapped(value, '"');
  const text = quoted ? trimQuotes(value) : value;
  parseSetInto(`${path}=${text}`, values, quoted);
}

function isWrapped(value: string, quote: string): boolean {
  return value.startsWith(quote) && value.endsWith(quote);
}

/** Like Go's `strings.Trim(value, "'\"")`: every quote character at either end goes. */
function trimQuotes(value: string): string {
  return value.replace(/^['"]+|['"]+$/g, '');
}
