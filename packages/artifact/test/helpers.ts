import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip } from 'node:zlib';
import { pack as createPack, type Header } from 'tar-stream';
import { afterEach } from 'vitest';

/** Temp directories removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-artifact-'));
    dirs.push(dir);
    return dir;
  };
}

export interface TarEntrySpec {
  readonly header: Partial<Header> & Pick<Header, 'name'>;
  readonly body?: string | Buffer;
}

/** Builds a tar.gz in memory from hand-written headers, for archives a real tree could never produce. */
export async function tarGz(entries: readonly TarEntrySpec[]): Promise<Buffer> {
  const pack = createPack();
  const out = buffer(Readable.from(pack).pipe(createGzip()));
  for (const { header, body } of entries) {
    await new Promise<void>((resolve, reject) => {
      if (body === undefined) {
        pack.entry({ mtime: new Date(0), ...header }, (err) => (err ? reject(err) : resolve()));
      } else {
        pack.entry({ mtime: new Date(0), ...header }, body, (err) => (err ? reject(err) : resolve()));
      }
    });
  }
  pack.finalize();
  return out;
}

export interface TreeNode {
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly content?: string;
  readonly target?: string;
}

/** Every path under `root` with its type, permission bits and content or link target. */
export async function snapshot(root: string): Promise<Record<string, TreeNode>> {
  const result: Record<string, TreeNode> = {};
  const visit = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const abs = join(dir, name);
      const path = rel === '' ? name : `${rel}/${name}`;
      const stats = await lstat(abs);
      const mode = stats.mode & 0o777;
      if (stats.isSymbolicLink()) {
        result[path] = { type: 'symlink', mode: 0, target: await readlink(abs) };
      } else if (stats.isDirectory()) {
        result[path] = { type: 'directory', mode };
        await visit(abs, path);
      } else {
        result[path] = { type: 'file', mode, content: await readFile(abs, 'utf8') };
      }
    }
  };
  await visit(root, '');
  return result;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
