import * as fs from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const looseObjectPath = /[\\/]objects[\\/][0-9a-f]{2}[\\/][0-9a-f]{38}$/;

function notFound(path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, open '${path}'`);
  error.code = 'ENOENT';
  return error;
}

/**
 * The file system isomorphic-git should read `gitdir` through. isomorphic-git looks for every object
 * as a loose file before it searches the packs, one failed open per object; when the object store
 * holds packs only (what a fetch leaves), those lookups are answered without touching the disk, and
 * the pack directory is listed once instead of once per object.
 */
export async function objectReadFs(gitdir: string): Promise<typeof fs> {
  const entries = await readdir(join(gitdir, 'objects')).catch((): string[] => []);
  if (entries.some((name) => /^[0-9a-f]{2}$/.test(name))) return fs;
  const readFile = ((path: fs.PathLike, options?: unknown) =>
    typeof path === 'string' && looseObjectPath.test(path)
      ? Promise.reject(notFound(path))
      : fs.promises.readFile(path, options as never)) as typeof fs.promises.readFile;
  // The pack list is read again for every object; it cannot change while one commit is read.
  const packDir = join(gitdir, 'objects', 'pack');
  const packs = fs.promises.readdir(packDir);
  packs.catch(() => undefined);
  const listDir = ((path: fs.PathLike, options?: unknown) =>
    path === packDir && options === undefined
      ? packs
      : fs.promises.readdir(path, options as never)) as typeof fs.promises.readdir;
  return { ...fs, promises: { ...fs.promises, readFile, readdir: listDir } };
}
