import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PathEscapeError, PathNotFoundError } from './errors.js';

/** Whether `candidate` is `root` or below it (both absolute and normalized). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `candidate` relative to `root` with `/` separators, `.` for the root itself; for messages. */
export function relativeToRoot(root: string, candidate: string): string {
  const relative = path.relative(root, candidate);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/**
 * Resolves `relativePath` (spec.path: `./apps/prod`, `apps`, '' for the root) inside `root` and returns its real
 * path. An absolute path counts from the root, as Flux's secure join does. Throws `PathEscapeError` when the path,
 * or a symlink on the way, leaves the root, and `PathNotFoundError` when it does not exist.
 */
export function resolveInside(root: string, relativePath: string): string {
  const realRoot = realpathSync(root);
  const trimmed = relativePath.replace(/^[/\\]+/, '');
  const lexical = path.resolve(realRoot, trimmed === '' ? '.' : trimmed);
  if (!isInside(realRoot, lexical)) throw new PathEscapeError(relativePath);
  if (!existsSync(lexical)) throw new PathNotFoundError(relativePath);
  const real = realpathSync(lexical);
  if (!isInside(realRoot, real)) throw new PathEscapeError(relativePath);
  return real;
}
