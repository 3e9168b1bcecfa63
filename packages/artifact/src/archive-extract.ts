import { createReadStream } from 'node:fs';
import {
  chmod,
  link,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  rename,
  rm,
  rmdir,
  symlink,
  unlink,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as createExtract, type Header } from 'tar-stream';
import { ArtifactError, ExtractError, UnsafeArchiveError, UnsafeArchiveReason } from './errors.js';
import { isAbsoluteLike, LinkLoopError, resolveInside } from './path-safety.js';

export interface ExtractOptions {
  /** Largest total size of the entries' contents, in bytes (Flux's untar default is 100 MiB). */
  readonly maxSize: number;
  /** Largest number of entries (files, directories and links). */
  readonly maxFiles: number;
  /** Replace `destDir` when it exists and is not empty; otherwise that is an error. */
  readonly overwrite: boolean;
}

export function defaultExtractOptions(): ExtractOptions {
  return { maxSize: 100 * 1024 * 1024, maxFiles: 50_000, overwrite: false };
}

export interface ExtractResult {
  readonly destination: string;
  readonly entries: number;
  /** Total bytes of file contents written. */
  readonly size: number;
}

/** Tar headers, padding and pax records inflate beyond the contents; this much is allowed per entry. */
const perEntryOverhead = 2048;
/** tar-stream accepts pax headers up to 4 MiB, and the end-of-archive blocks may be padded to 10 KiB records. */
const fixedOverhead = 8 * 1024 * 1024;

type NodeKind = 'file' | 'directory' | 'symlink';

interface LinkRecord {
  readonly target: string;
  readonly entry: string;
}

function unsafe(entry: string, reason: UnsafeArchiveReason, detail: string): UnsafeArchiveError {
  return new UnsafeArchiveError(entry, reason, detail);
}

/** Validates an entry or hardlink name and returns its components; `[]` is the archive root. */
function checkName(entry: string, name: string): string[] {
  if (name.includes('\\')) throw unsafe(entry, UnsafeArchiveReason.InvalidName, 'backslash in path');
  if (isAbsoluteLike(name)) throw unsafe(entry, UnsafeArchiveReason.AbsolutePath, `absolute path ${name}`);
  const components = name.split('/').filter((c) => c !== '' && c !== '.');
  if (components.includes('..')) throw unsafe(entry, UnsafeArchiveReason.PathTraversal, `".." in path ${name}`);
  return components;
}

/** Counts inflated bytes so a gzip bomb is stopped while it is being read, not after. */
class InflateGuard extends Transform {
  private seen = 0;
  constructor(private readonly check: (seen: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    try {
      this.check(this.seen);
    } catch (err) {
      callback(err as Error);
      return;
    }
    callback(null, chunk);
  }
}

class Extractor {
  private readonly kinds = new Map<string, NodeKind>();
  private readonly links = new Map<string, LinkRecord>();
  private readonly dirModes = new Map<string, number>();
  private readonly lookupLink = (path: string): string | undefined => this.links.get(path)?.target;
  entries = 0;
  size = 0;
  current = '(archive)';

  constructor(
    private readonly root: string,
    private readonly opts: ExtractOptions,
  ) {}

  checkInflated(seen: number): void {
    const allowed = this.opts.maxSize + fixedOverhead + (this.entries + 1) * perEntryOverhead;
    if (seen > allowed) {
      throw unsafe(
        this.current,
        UnsafeArchiveReason.SizeLimit,
        `inflates past the limit of ${this.opts.maxSize} bytes`,
      );
    }
  }

  async add(header: Header, body: AsyncIterable<Buffer>): Promise<void> {
    const entry = header.name;
    this.current = entry;
    this.entries += 1;
    if (this.entries > this.opts.maxFiles) {
      throw unsafe(entry, UnsafeArchiveReason.EntryLimit, `more than ${this.opts.maxFiles} entries`);
    }
    const components = checkName(entry, entry);
    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        return this.addFile(entry, components, header, body);
      case 'directory':
        return this.addDirectory(entry, components, header.mode);
      case 'symlink':
        return this.addSymlink(entry, components, header.linkname ?? '');
      case 'link':
        return this.addHardlink(entry, components, header.linkname ?? '');
      default:
        throw unsafe(entry, UnsafeArchiveReason.UnsupportedType, `entries of type ${header.type} are not allowed`);
    }
  }

  /** Resolves the entry's parent through the links extracted so far, creates it, and clears the entry's own path. */
  private async prepare(entry: string, components: string[], kind: NodeKind): Promise<string[]> {
    if (components.length === 0) throw unsafe(entry, UnsafeArchiveReason.InvalidName, 'names the archive root');
    const parent = this.resolve(entry, components.slice(0, -1).join('/'), []);
    for (let i = 1; i <= parent.length; i += 1) {
      const prefix = parent.slice(0, i).join('/');
      const existing = this.kinds.get(prefix);
      if (existing === 'directory') continue;
      if (existing !== undefined) {
        throw unsafe(entry, UnsafeArchiveReason.TypeConflict, `parent ${prefix} is not a directory`);
      }
      await mkdir(join(this.root, prefix));
      this.kinds.set(prefix, 'directory');
    }
    const target = [...parent, components[components.length - 1]];
    const key = target.join('/');
    const existing = this.kinds.get(key);
    if (existing === 'directory' && kind !== 'directory') {
      throw unsafe(entry, UnsafeArchiveReason.TypeConflict, 'replaces a directory');
    }
    if (existing !== undefined && existing !== 'directory') {
      await unlink(join(this.root, key));
      this.kinds.delete(key);
      this.links.delete(key);
    }
    return target;
  }

  private resolve(entry: string, path: string, from: string[]): string[] {
    let resolved: string[] | undefined;
    try {
      resolved = resolveInside(from, path, this.lookupLink);
    } catch (err) {
      if (err instanceof LinkLoopError) throw unsafe(entry, UnsafeArchiveReason.InvalidLink, err.message);
      throw err;
    }
    if (resolved === undefined) {
      throw unsafe(entry, UnsafeArchiveReason.LinkEscape, `${path} resolves outside the destination`);
    }
    return resolved;
  }

  private async addFile(entry: string, components: string[], header: Header, body: AsyncIterable<Buffer>) {
    if (this.size + header.size > this.opts.maxSize) {
      throw unsafe(entry, UnsafeArchiveReason.SizeLimit, `total size would exceed ${this.opts.maxSize} bytes`);
    }
    this.size += header.size;
    const target = await this.prepare(entry, components, 'file');
    const key = target.join('/');
    const handle = await open(join(this.root, key), 'wx', 0o600);
    this.kinds.set(key, 'file');
    try {
      for await (const chunk of body) await handle.write(chunk);
      await handle.chmod((header.mode & 0o777) | 0o600);
    } finally {
      await handle.close();
    }
  }

  private async addDirectory(entry: string, components: string[], mode: number) {
    if (components.length === 0) return;
    const target = await this.prepare(entry, components, 'directory');
    const key = target.join('/');
    if (this.kinds.get(key) !== 'directory') {
      await mkdir(join(this.root, key));
      this.kinds.set(key, 'directory');
    }
    this.dirModes.set(key, mode);
  }

  private async addSymlink(entry: string, components: string[], linkTarget: string) {
    if (linkTarget === '' || linkTarget.includes('\\')) {
      throw unsafe(entry, UnsafeArchiveReason.InvalidLink, `invalid symlink target ${JSON.stringify(linkTarget)}`);
    }
    if (isAbsoluteLike(linkTarget)) {
      throw unsafe(entry, UnsafeArchiveReason.LinkEscape, `symlink to absolute path ${linkTarget}`);
    }
    const target = await this.prepare(entry, components, 'symlink');
    this.resolve(entry, linkTarget, target.slice(0, -1));
    const key = target.join('/');
    await symlink(linkTarget, join(this.root, key));
    this.kinds.set(key, 'symlink');
    this.links.set(key, { target: linkTarget, entry });
  }

  private async addHardlink(entry: string, components: string[], linkName: string) {
    const source = this.resolve(entry, checkName(entry, linkName).join('/'), []);
    const sourceKey = source.join('/');
    if (this.kinds.get(sourceKey) !== 'file') {
      throw unsafe(entry, UnsafeArchiveReason.InvalidLink, `hardlink target ${linkName} is not an extracted file`);
    }
    const target = await this.prepare(entry, components, 'file');
    const key = target.join('/');
    await link(join(this.root, sourceKey), join(this.root, key));
    this.kinds.set(key, 'file');
  }

  /** A later link can change where an earlier one points, so every link is checked again against the final tree. */
  async finish(): Promise<void> {
    for (const [key, record] of this.links) {
      this.resolve(record.entry, record.target, key.split('/').slice(0, -1));
    }
    const dirs = [...this.dirModes.entries()].sort((a, b) => b[0].split('/').length - a[0].split('/').length);
    for (const [key, mode] of dirs) await chmod(join(this.root, key), (mode & 0o777) | 0o700);
  }
}

async function readArchive(source: string | Readable, extractor: Extractor): Promise<void> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const gunzip = createGunzip();
  const tar = createExtract();
  const reading = pipeline(
    input,
    gunzip,
    new InflateGuard((seen) => extractor.checkInflated(seen)),
    tar as unknown as Writable,
  ).then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  try {
    for await (const entry of tar) {
      await extractor.add(entry.header, entry as AsyncIterable<Buffer>);
      for await (const _ of entry as AsyncIterable<Buffer>) {
        // Drain what the handler did not read (headers-only entries).
      }
    }
  } catch (err) {
    input.destroy();
    await reading;
    throw err;
  }
  const failure = await reading;
  if (failure !== undefined) throw failure;
}

async function isEmptyDir(path: string): Promise<boolean | undefined> {
  try {
    const stats = await lstat(path);
    if (!stats.isDirectory()) return false;
    return (await readdir(path)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function moveIntoPlace(temp: string, destination: string, overwrite: boolean): Promise<void> {
  const empty = await isEmptyDir(destination);
  if (empty === undefined) {
    await rename(temp, destination);
    return;
  }
  if (empty) {
    await rmdir(destination);
    await rename(temp, destination);
    return;
  }
  if (!overwrite) throw new ExtractError(destination, 'destination exists and is not empty');
  const old = `${temp}.old`;
  await rename(destination, old);
  try {
    await rename(temp, destination);
  } catch (err) {
    await rename(old, destination);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * Extracts a tar.gz into `destDir` safely: absolute names, `..`, links leaving the destination (also through links
 * extracted earlier), devices and fifos are rejected with an UnsafeArchiveError naming the entry, and so are archives
 * past `maxSize` or `maxFiles` (checked while reading). Everything is written to a temp directory next to `destDir`
 * and renamed into place at the end, so a rejected archive leaves `destDir` as it was.
 */
export async function extractArchive(
  source: string | Readable,
  destDir: string,
  options: Partial<ExtractOptions> = {},
): Promise<ExtractResult> {
  const opts = { ...defaultExtractOptions(), ...options };
  const destination = resolve(destDir);
  const existing = await isEmptyDir(destination);
  if (existing === false) {
    const stats = await lstat(destination);
    if (!stats.isDirectory()) throw new ExtractError(destination, 'destination exists and is not a directory');
    if (!opts.overwrite) throw new ExtractError(destination, 'destination exists and is not empty');
  }
  await mkdir(dirname(destination), { recursive: true });
  const temp = await mkdtemp(join(dirname(destination), `.${basename(destination)}.extract-`));
  try {
    const extractor = new Extractor(temp, opts);
    await readArchive(source, extractor);
    await extractor.finish();
    await chmod(temp, 0o755);
    await moveIntoPlace(temp, destination, opts.overwrite);
    return { destination, entries: extractor.entries, size: extractor.size };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    if (err instanceof ArtifactError) throw err;
    throw new ExtractError(destination, (err as Error).message, { cause: err });
  }
}
