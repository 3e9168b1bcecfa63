import { once } from 'node:events';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack as createPack, type Header, type Pack } from 'tar-stream';
import { type WrittenFile, writeFileAtomic } from './atomic-write.js';
import { ArchiveBuildError } from './errors.js';
import { GzipHeaderNormalizer } from './gzip-header.js';
import { LinkLoopError, resolveInside, splitPath } from './path-safety.js';

/** Returns true to leave a path (and, for a directory, everything below it) out of the archive. */
export type ArchiveIgnoreFilter = (relativePath: string, isDir: boolean) => boolean;

export interface ArchiveOptions {
  /** Extra exclusions; paths are relative to the archived directory and use `/`. */
  readonly ignore?: ArchiveIgnoreFilter;
  /** Leave out every `.git` directory or file (a submodule's `.git` is a file). */
  readonly excludeGit: boolean;
  /** The modification time written for every entry. */
  readonly mtime: Date;
  /** zlib level 0-9. The digest depends on it, so every producer of one artifact must use the same level. */
  readonly compressionLevel: number;
}

export function defaultArchiveOptions(): ArchiveOptions {
  return { excludeGit: true, mtime: new Date(0), compressionLevel: 6 };
}

export const fileMode = 0o644;
export const executableMode = 0o755;
export const directoryMode = 0o755;
export const symlinkMode = 0o777;

const EntryKind = { File: 'file', Directory: 'directory', Symlink: 'symlink' } as const;
type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];

interface TreeEntry {
  readonly relativePath: string;
  readonly absolutePath: string;
  readonly kind: EntryKind;
  readonly size: number;
  readonly executable: boolean;
  readonly linkTarget?: string;
}

function kindOf(stats: Stats): EntryKind | undefined {
  if (stats.isFile()) return EntryKind.File;
  if (stats.isDirectory()) return EntryKind.Directory;
  if (stats.isSymbolicLink()) return EntryKind.Symlink;
  return undefined;
}

async function walk(root: string, options: ArchiveOptions): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const visit = async (dirAbs: string, dirRel: string): Promise<void> => {
    const names = (await readdir(dirAbs)).filter((name) => !(options.excludeGit && name === '.git'));
    const allStats = await Promise.all(names.map((name) => lstat(join(dirAbs, name))));
    for (const [index, name] of names.entries()) {
      const absolutePath = join(dirAbs, name);
      const relativePath = dirRel === '' ? name : `${dirRel}/${name}`;
      const stats = allStats[index];
      const kind = kindOf(stats);
      if (kind === undefined) continue;
      const isDir = kind === EntryKind.Directory;
      if (options.ignore?.(relativePath, isDir)) continue;
      const linkTarget = kind === EntryKind.Symlink ? await readlink(absolutePath) : undefined;
      entries.push({
        relativePath,
        absolutePath,
        kind,
        size: kind === EntryKind.File ? stats.size : 0,
        executable: (stats.mode & 0o111) !== 0,
        linkTarget,
      });
      if (isDir) await visit(absolutePath, relativePath);
    }
  };
  await visit(root, '');
  return entries;
}

function checkSymlinks(entries: readonly TreeEntry[]): void {
  const links = new Map<string, string>();
  for (const e of entries) if (e.linkTarget !== undefined) links.set(e.relativePath, e.linkTarget);
  for (const [path, target] of links) {
    let resolved: string[] | undefined;
    try {
      resolved = resolveInside(splitPath(path).slice(0, -1), target, (p) => links.get(p));
    } catch (err) {
      if (err instanceof LinkLoopError) throw new ArchiveBuildError(path, err.message, { cause: err });
      throw err;
    }
    if (resolved === undefined) {
      throw new ArchiveBuildError(path, `symlink target ${JSON.stringify(target)} points outside the archived tree`);
    }
  }
}

/** Byte order of the UTF-8 paths, so the order does not depend on locale or on how the file system lists them. */
function compareEntries(a: TreeEntry, b: TreeEntry): number {
  return Buffer.compare(Buffer.from(a.relativePath), Buffer.from(b.relativePath));
}

async function collectTree(dir: string, options: ArchiveOptions): Promise<TreeEntry[]> {
  let rootStats: Stats;
  try {
    rootStats = await stat(dir);
  } catch (err) {
    throw new ArchiveBuildError(dir, 'directory cannot be read', { cause: err });
  }
  if (!rootStats.isDirectory()) throw new ArchiveBuildError(dir, 'not a directory');
  const entries = await walk(dir, options);
  checkSymlinks(entries);
  return entries.sort(compareEntries);
}

function headerFor(entry: TreeEntry, mtime: Date): Header {
  const common = { uid: 0, gid: 0, uname: '', gname: '', mtime, size: 0, linkname: '', devmajor: 0, devminor: 0 };
  switch (entry.kind) {
    case EntryKind.Directory:
      return { ...common, name: `${entry.relativePath}/`, type: 'directory', mode: directoryMode };
    case EntryKind.Symlink:
      return {
        ...common,
        name: entry.relativePath,
        type: 'symlink',
        mode: symlinkMode,
        linkname: entry.linkTarget ?? '',
      };
    case EntryKind.File:
      return {
        ...common,
        name: entry.relativePath,
        type: 'file',
        mode: entry.executable ? executableMode : fileMode,
        size: entry.size,
      };
  }
}

async function addEntry(pack: Pack, entry: TreeEntry, mtime: Date, content?: Promise<Buffer>): Promise<void> {
  let settle: (err?: Error | null) => void = () => {};
  const added = new Promise<void>((resolve, reject) => {
    settle = (err) => (err ? reject(err) : resolve());
  });
  const sink = pack.entry(headerFor(entry, mtime), (err) => settle(err));
  if (entry.kind === EntryKind.File) {
    try {
      if (content) {
        sink.write(await content);
      } else {
        for await (const chunk of createReadStream(entry.absolutePath)) {
          if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
        }
      }
    } catch (err) {
      sink.destroy(err as Error);
      throw err;
    }
  }
  sink.end(null);
  await added;
}

/** Files up to this size are read whole, a window of them ahead of the packer: one open each, in parallel. */
const smallFileBytes = 256 * 1024;
const readAhead = 32;

async function writeEntries(pack: Pack, dir: string, options: ArchiveOptions): Promise<void> {
  const entries = await collectTree(dir, options);
  const prefetched = new Map<number, Promise<Buffer>>();
  const prefetch = (index: number) => {
    const entry = entries[index];
    if (entry?.kind !== EntryKind.File || entry.size > smallFileBytes) return;
    const content = readFile(entry.absolutePath);
    content.catch(() => undefined);
    prefetched.set(index, content);
  };
  for (let i = 0; i < readAhead; i++) prefetch(i);
  for (const [index, entry] of entries.entries()) {
    const content = prefetched.get(index);
    prefetched.delete(index);
    prefetch(index + readAhead);
    try {
      await addEntry(pack, entry, options.mtime, content);
    } catch (err) {
      throw new ArchiveBuildError(entry.relativePath, (err as Error).message, { cause: err });
    }
  }
  pack.finalize();
}

/**
 * Streams a deterministic tar.gz of `dir`: entries sorted by path, fixed mtime, owner 0/0 without names, modes
 * normalised to 0644/0755, symlinks kept (only when they resolve inside `dir`), no special files, `.git` excluded.
 * Errors (for example a symlink pointing outside) are emitted on the returned stream.
 */
export function createArchiveStream(dir: string, options: Partial<ArchiveOptions> = {}): Readable {
  const opts = { ...defaultArchiveOptions(), ...options };
  const pack = createPack();
  const normalizer = new GzipHeaderNormalizer();
  pipeline(Readable.from(pack), createGzip({ level: opts.compressionLevel }), normalizer, () => {
    // Failures reach the consumer as an error on `normalizer`, which pipeline destroys with the cause.
  });
  writeEntries(pack, dir, opts).catch((err: unknown) => pack.destroy(err as Error));
  return normalizer;
}

/** Writes the deterministic tar.gz of `dir` atomically to `destination` and returns its sha256 digest and size. */
export async function buildArchive(
  dir: string,
  destination: string,
  options: Partial<ArchiveOptions> = {},
): Promise<WrittenFile> {
  return writeFileAtomic(createArchiveStream(dir, options), destination, { mode: fileMode });
}
