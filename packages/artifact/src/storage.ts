import type { Dirent } from 'node:fs';
import { lstat, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve as resolvePath, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { isTempFileName, writeFileAtomic } from './atomic-write.js';
import { verifyDigest } from './digest.js';
import { StoragePathError } from './errors.js';
import { KeyedLock } from './keyed-lock.js';

/** The Kubernetes object an artifact belongs to. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** What the source-controller announces (Flux's `status.artifact`). */
export interface Artifact {
  /** Relative to the storage root: `<kind>/<namespace>/<name>/<file>`, kind in lower case. */
  readonly path: string;
  readonly url: string;
  readonly revision?: string;
  /** `sha256:<64 hex>` */
  readonly digest: string;
  readonly size: number;
  /** RFC 3339, seconds precision. */
  readonly lastUpdateTime: string;
}

export interface RetentionOptions {
  /** How many of the newest files of one object survive a collection (Flux `--artifact-retention-records`). */
  readonly keep: number;
  /** Files older than this are collected whatever their rank (Flux `--artifact-retention-ttl`). */
  readonly ttlMs: number;
}

export function defaultRetentionOptions(): RetentionOptions {
  return { keep: 2, ttlMs: 60_000 };
}

export interface ArtifactStorageOptions {
  /** Directory holding every artifact. */
  readonly root: string;
  /** Public base URL of the file server that serves `root`, e.g. `http://source-controller.flux-system.svc`. */
  readonly baseUrl: string;
  readonly retention: RetentionOptions;
}

export interface StoreOptions {
  readonly revision?: string;
}

export interface GarbageCollectOptions extends RetentionOptions {
  /** File name or storage path of the artifact in use; never collected. Defaults to the newest file. */
  readonly current?: string;
}

export interface StoredFile {
  readonly name: string;
  /** Relative to the storage root. */
  readonly path: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

export interface ArtifactStorage {
  readonly root: string;
  /** `<kind>/<namespace>/<name>/<fileName>` for an object. */
  artifactPath(ref: ObjectRef, fileName: string): string;
  artifactUrl(path: string): string;
  /** Writes `source` (a file path or a stream) atomically as the object's `fileName` and describes it. */
  store(ref: ObjectRef, source: string | Readable, fileName: string, options?: StoreOptions): Promise<Artifact>;
  /**
   * Absolute file path of a storage path (leading slashes are ignored, as in a URL path); throws StoragePathError on
   * `..`, NUL or backslashes, so nothing outside the root can be named.
   */
  resolve(path: string): string;
  exists(path: string): Promise<boolean>;
  /** Throws DigestMismatchError when the stored file no longer matches its digest. */
  verify(artifact: Pick<Artifact, 'path' | 'digest'>): Promise<void>;
  /** The object's stored files, newest first. */
  list(ref: ObjectRef): Promise<StoredFile[]>;
  /** Deletes files beyond the newest `keep` or older than `ttlMs`, never the current one; returns deleted paths. */
  garbageCollect(ref: ObjectRef, options?: Partial<GarbageCollectOptions>): Promise<string[]>;
  /** Deletes every file of an object (its directory); returns the deleted storage paths. */
  remove(ref: ObjectRef): Promise<string[]>;
}

const kindPattern = /^[A-Za-z][A-Za-z0-9]*$/;
const dnsPattern = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const fileNamePattern = /^[^./\\\0][^/\\\0]*$/;

function checkRef(ref: ObjectRef): void {
  const label = `${ref.kind}/${ref.namespace}/${ref.name}`;
  if (!kindPattern.test(ref.kind)) throw new StoragePathError(label, 'kind must be alphanumeric');
  if (!dnsPattern.test(ref.namespace) || ref.namespace.length > 253) {
    throw new StoragePathError(label, 'namespace must be a DNS-1123 name');
  }
  if (!dnsPattern.test(ref.name) || ref.name.length > 253) {
    throw new StoragePathError(label, 'name must be a DNS-1123 subdomain');
  }
}

function checkFileName(fileName: string): void {
  if (!fileNamePattern.test(fileName)) {
    throw new StoragePathError(fileName, 'file name must be one path segment and must not start with "."');
  }
}

function objectDir(ref: ObjectRef): string {
  checkRef(ref);
  return `${ref.kind.toLowerCase()}/${ref.namespace}/${ref.name}`;
}

function lockKey(ref: ObjectRef): string {
  return objectDir(ref);
}

function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function baseName(pathOrName: string): string {
  const i = pathOrName.lastIndexOf('/');
  return i === -1 ? pathOrName : pathOrName.slice(i + 1);
}

async function readDirIfPresent(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export function createArtifactStorage(
  options: Pick<ArtifactStorageOptions, 'root' | 'baseUrl'> & { retention?: Partial<RetentionOptions> },
): ArtifactStorage {
  const root = resolvePath(options.root);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const retention: RetentionOptions = { ...defaultRetentionOptions(), ...options.retention };
  const lock = new KeyedLock();

  const resolve = (path: string): string => {
    if (path.includes('\0')) throw new StoragePathError(path, 'contains a NUL byte');
    if (path.includes('\\')) throw new StoragePathError(path, 'contains a backslash');
    const components = path.split('/').filter((c) => c !== '' && c !== '.');
    if (components.length === 0) throw new StoragePathError(path, 'is empty');
    if (components.includes('..')) throw new StoragePathError(path, 'escapes the storage root');
    const absolute = join(root, ...components);
    if (!absolute.startsWith(root + sep)) throw new StoragePathError(path, 'escapes the storage root');
    return absolute;
  };

  const artifactPath = (ref: ObjectRef, fileName: string): string => {
    checkFileName(fileName);
    return `${objectDir(ref)}/${fileName}`;
  };

  const artifactUrl = (path: string): string => {
    const components = path.split('/').filter((c) => c !== '');
    return `${baseUrl}/${components.map(encodeURIComponent).join('/')}`;
  };

  const list = async (ref: ObjectRef): Promise<StoredFile[]> => {
    const dir = objectDir(ref);
    const files: StoredFile[] = [];
    for (const entry of await readDirIfPresent(join(root, dir))) {
      if (!entry.isFile() || isTempFileName(entry.name)) continue;
      const stats = await stat(join(root, dir, entry.name));
      files.push({ name: entry.name, path: `${dir}/${entry.name}`, size: stats.size, modifiedAt: stats.mtime });
    }
    return files.sort(
      (a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0),
    );
  };

  const collectStaleTemps = async (ref: ObjectRef, ttlMs: number, now: number): Promise<string[]> => {
    const dir = objectDir(ref);
    const deleted: string[] = [];
    for (const entry of await readDirIfPresent(join(root, dir))) {
      if (!entry.isFile() || !isTempFileName(entry.name)) continue;
      const absolute = join(root, dir, entry.name);
      const stats = await lstat(absolute);
      if (now - stats.mtimeMs <= ttlMs) continue;
      await rm(absolute, { force: true });
      deleted.push(`${dir}/${entry.name}`);
    }
    return deleted;
  };

  return {
    root,
    artifactPath,
    artifactUrl,
    resolve,

    async store(ref, source, fileName, storeOptions = {}) {
      const path = artifactPath(ref, fileName);
      return lock.run(lockKey(ref), async () => {
        const written = await writeFileAtomic(source, resolve(path), { mode: 0o644 });
        const artifact: Artifact = {
          path,
          url: artifactUrl(path),
          digest: written.digest,
          size: written.size,
          lastUpdateTime: rfc3339Seconds(new Date()),
        };
        return storeOptions.revision === undefined ? artifact : { ...artifact, revision: storeOptions.revision };
      });
    },

    async exists(path) {
      try {
        return (await lstat(resolve(path))).isFile();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },

    async verify(artifact) {
      await verifyDigest(resolve(artifact.path), artifact.digest);
    },

    list,

    async garbageCollect(ref, gcOptions = {}) {
      const { keep, ttlMs, current } = { ...retention, ...gcOptions };
      return lock.run(lockKey(ref), async () => {
        const now = Date.now();
        const files = await list(ref);
        const keepName = current === undefined ? files[0]?.name : baseName(current);
        const deleted: string[] = [];
        for (const [rank, file] of files.entries()) {
          if (file.name === keepName) continue;
          const expired = now - file.modifiedAt.getTime() > ttlMs;
          if (!expired && rank < keep) continue;
          await rm(join(root, file.path), { force: true });
          deleted.push(file.path);
        }
        deleted.push(...(await collectStaleTemps(ref, ttlMs, now)));
        return deleted;
      });
    },

    async remove(ref) {
      const dir = objectDir(ref);
      return lock.run(lockKey(ref), async () => {
        const files = await list(ref);
        await rm(join(root, dir), { recursive: true, force: true });
        return files.map((f) => f.path);
      });
    },
  };
}
