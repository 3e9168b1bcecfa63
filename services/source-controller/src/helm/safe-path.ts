import { realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';

export class PathEscapeError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`path '${path}' points outside of the source`);
    this.name = 'PathEscapeError';
    this.path = path;
  }
}

/** True when `child` is `root` or below it. Both must be absolute and normalised. */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Joins a user-given relative path (a leading `/` counts as the root, as in Flux's SecureJoin) to `root`.
 * Unlike SecureJoin, which clamps `..` at the root, an escape is an error; when the path exists, its real
 * path (symlinks resolved) must stay inside too.
 */
export async function resolveInside(root: string, userPath: string): Promise<string> {
  const cleaned = posix.normalize(userPath.replaceAll('\\', '/').replace(/^\/+/, '') || '.');
  if (cleaned === '..' || cleaned.startsWith('../')) throw new PathEscapeError(userPath);
  const realRoot = await realpath(root);
  const joined = join(realRoot, cleaned);
  let real: string;
  try {
    real = await realpath(joined);
  } catch {
    return joined;
  }
  if (!isInside(realRoot, real)) throw new PathEscapeError(userPath);
  return real;
}
