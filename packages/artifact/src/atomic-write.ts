import { randomBytes } from 'node:crypto';
import { createReadStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestAlgorithm, DigestingStream } from './digest.js';

export interface WrittenFile {
  readonly path: string;
  readonly digest: string;
  readonly size: number;
}

export interface AtomicWriteOptions {
  /** Permission bits of the final file. */
  readonly mode: number;
  /** Transforms placed before hashing (for example a size limit). */
  readonly transforms: readonly Transform[];
  /** Hash algorithm of the returned digest. */
  readonly algorithm: DigestAlgorithm;
  /** Runs after the data is on disk and before the rename; throwing discards the temp file. */
  readonly beforeCommit?: (written: WrittenFile) => void | Promise<void>;
}

export function defaultAtomicWriteOptions(): AtomicWriteOptions {
  return { mode: 0o644, transforms: [], algorithm: DigestAlgorithm.SHA256 };
}

const tempMarker = '.tmp-';

/** Temp files of atomic writes start with a dot and carry this marker, so listings can skip them. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.includes(tempMarker);
}

export function tempPathFor(destination: string): string {
  return join(dirname(destination), `.${basename(destination)}${tempMarker}${randomBytes(6).toString('hex')}`);
}

async function syncFile(path: string, mode: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so a rename inside it survives a crash; ignored where directories cannot be opened. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw err;
  } finally {
    await handle?.close();
  }
}

/**
 * Streams `source` into a temp file next to `destination` while hashing it, fsyncs it, renames it into place and
 * fsyncs the directory. On any failure the temp file is removed and `destination` is left as it was.
 */
export async function writeFileAtomic(
  source: string | Readable | AsyncIterable<Uint8Array>,
  destination: string,
  options: Partial<AtomicWriteOptions> = {},
): Promise<WrittenFile> {
  const opts = { ...defaultAtomicWriteOptions(), ...options };
  const dir = dirname(destination);
  const temp = tempPathFor(destination);
  const input =
    typeof source === 'string'
      ? createReadStream(source)
      : source instanceof Readable
        ? source
        : Readable.from(source, { objectMode: false });
  let output: WriteStream;
  try {
    await mkdir(dir, { recursive: true });
    // Opened before streaming so the file exists when a failure's cleanup runs; the stream closes the handle.
    output = (await open(temp, 'wx', 0o600)).createWriteStream();
  } catch (err) {
    input.destroy();
    throw err;
  }
  const digester = new DigestingStream(opts.algorithm);
  let committed = false;
  try {
    await pipeline(input, ...(opts.transforms as [Transform]), digester, output);
    await syncFile(temp, opts.mode);
    const written: WrittenFile = { path: destination, digest: digester.digest(), size: digester.size };
    await opts.beforeCommit?.(written);
    await rename(temp, destination);
    committed = true;
    await syncDirectory(dir);
    return written;
  } finally {
    if (!committed) await rm(temp, { force: true });
  }
}
