import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UpdatePathEscapeError, UpdatePathNotFoundError } from './setter-errors.js';

/** Whether `candidate` is `root` or below it (both absolute and normalized). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Resolves the update path (`./apps`, `apps/`, `` for the root) inside `realRoot` (a real path) to a real path.
 * A leading `/` counts from the root. Throws `UpdatePathEscapeError` when the path, or a symlink on the way, leaves
 * the root, and `UpdatePathNotFoundError` when it does not exist.
 */
export async function resolveUpdatePath(realRoot: string, updatePath: string): Promise<string> {
  const trimmed = updatePath.replace(/^[/\\]+/, '');
  const lexical = path.resolve(realRoot, trimmed === '' ? '.' : trimmed);
  if (!isInside(realRoot, lexical)) throw new UpdatePathEscapeError(updatePath);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (cause) {
    throw new UpdatePathNotFoundError(updatePath, { cause });
  }
  if (!isInside(realRoot, real)) throw new UpdatePathEscapeError(updatePath);
  return real;
}

/**
 * The `*.yaml` / `*.yml` files at or below `start` (a real path inside `realRoot`), relative to the root with `/`,
 * sorted. `.git` directories are skipped and symlinked directories are not entered; a symlinked file counts only
 * when its target is a file inside the root.
 */
export async function listYamlFiles(realRoot: string, start: string): Promise<string[]> {
  const files: string[] = [];
  if ((await stat(start)).isDirectory()) {
    await collect(realRoot, start, files);
  } else if (isYamlName(start)) {
    files.push(start);
  }
  return files.map((file) => path.relative(realRoot, file).split(path.sep).join('/')).sort(compareCodeUnits);
}

async function collect(realRoot: string, dir: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git') await collect(realRoot, full, into);
    } else if (isYamlName(entry.name) && (entry.isFile() || (await isFileLinkInside(realRoot, full, entry)))) {
      into.push(full);
    }
  }
}

async function isFileLinkInside(realRoot: string, full: string, entry: Dirent): Promise<boolean> {
  if (!entry.isSymbolicLink()) return false;
  try {
    const target = await realpath(full);
    return isInside(realRoot, target) && (await stat(target)).isFile();
  } catch {
    return false;
  }
}

function isYamlName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
