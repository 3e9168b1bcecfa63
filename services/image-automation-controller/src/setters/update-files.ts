import { readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { markerToken } from './marker.js';
import { rewriteMarkedValues } from './rewrite-yaml.js';
import type { PolicyResolver, SettersResult } from './setter-types.js';
import { listYamlFiles, resolveUpdatePath } from './yaml-files.js';

export { SettersError } from './setter-errors.js';

export interface ApplySettersOptions {
  /** The checked-out repository. */
  root: string;
  /** spec.update.path, relative to the root; default `.`. */
  path?: string;
  resolve: PolicyResolver;
}

/**
 * Flux's Setters strategy: rewrites the values marked with image policy markers in the YAML files under
 * `<root>/<path>`, writing only the files that changed (in place, so their mode is kept). Files without the
 * `"$imagepolicy"` token are not read as YAML; files with it that do not parse are left alone and reported.
 * Throws a `SettersError` when the update path is missing or leaves the root.
 */
export async function applySetters(options: ApplySettersOptions): Promise<SettersResult> {
  const realRoot = await realpath(options.root);
  const start = await resolveUpdatePath(realRoot, options.path ?? '.');
  const result: Required<SettersResult> = { files: [], unresolved: [], skipped: [] };
  for (const file of await listYamlFiles(realRoot, start)) {
    await updateFile(path.join(realRoot, file), file, options.resolve, result);
  }
  return result;
}

async function updateFile(
  absolute: string,
  file: string,
  resolve: PolicyResolver,
  result: Required<SettersResult>,
): Promise<void> {
  const bytes = await readFile(absolute);
  if (!bytes.includes(markerToken)) return;
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    result.skipped.push({ file, error: 'not valid UTF-8' });
    return;
  }
  const rewritten = rewriteMarkedValues(text, file, resolve);
  if (rewritten.parseError !== undefined) {
    result.skipped.push({ file, error: rewritten.parseError });
    return;
  }
  result.unresolved.push(...rewritten.unresolved);
  if (rewritten.text === text) return;
  await writeFile(absolute, rewritten.text);
  result.files.push({ file, objects: rewritten.objects });
}
