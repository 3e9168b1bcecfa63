import type * as fs from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import git, { type TreeEntry } from 'isomorphic-git';
import { GitError, GitSizeLimitError } from './git-errors.js';
import { objectReadFs } from './packed-only-fs.js';

export interface WriteTreeOptions {
  /** Git dir holding the commit and all its objects. */
  gitdir: string;
  /** The commit whose tree is written. */
  commit: string;
  /** Target dir (exists, empty). */
  dir: string;
  maxSizeBytes: number;
  signal: AbortSignal;
  /** isomorphic-git object cache shared by the reads of one checkout. */
  cache: object;
}

export interface CommitInfo {
  /** First line of the message. */
  subject: string;
  /** The whole message, trailing newlines removed. */
  message: string;
}

const filesInFlight = 16;

type ReadingOptions = WriteTreeOptions & { fs: typeof fs };

/**
 * Writes the tree of a commit into `dir` straight from the object store (no index, no `.git`):
 * regular and executable files, symlinks, and an empty dir for each submodule (as git does).
 * Throws GitSizeLimitError as soon as the blobs written exceed `maxSizeBytes`.
 */
export async function writeCommitTree(options: WriteTreeOptions): Promise<CommitInfo> {
  const reading: ReadingOptions = { ...options, fs: await objectReadFs(options.gitdir) };
  const { commit } = await git.readCommit({
    fs: reading.fs,
    gitdir: options.gitdir,
    oid: options.commit,
    cache: options.cache,
  });
  const budget = { used: 0 };
  await writeTreeInto(reading, commit.tree, options.dir, budget);
  return commitInfo(commit.message);
}

export function commitInfo(rawMessage: string): CommitInfo {
  const message = rawMessage.replace(/\n+$/, '');
  return { subject: message.split('\n')[0] ?? '', message };
}

async function writeTreeInto(
  options: ReadingOptions,
  treeOid: string,
  target: string,
  budget: { used: number },
): Promise<void> {
  options.signal.throwIfAborted();
  const { tree } = await git.readTree({ fs: options.fs, gitdir: options.gitdir, oid: treeOid, cache: options.cache });
  const files: TreeEntry[] = [];
  for (const entry of tree) {
    assertSafeName(entry.path);
    const path = join(target, entry.path);
    if (entry.type === 'tree') {
      await mkdir(path);
      await writeTreeInto(options, entry.oid, path, budget);
    } else if (entry.type === 'commit') {
      await mkdir(path);
    } else {
      files.push(entry);
    }
  }
  for (let i = 0; i < files.length; i += filesInFlight) {
    options.signal.throwIfAborted();
    await Promise.all(files.slice(i, i + filesInFlight).map((entry) => writeBlob(options, entry, target, budget)));
  }
}

async function writeBlob(
  options: ReadingOptions,
  entry: TreeEntry,
  target: string,
  budget: { used: number },
): Promise<void> {
  const { blob } = await git.readBlob({ fs: options.fs, gitdir: options.gitdir, oid: entry.oid, cache: options.cache });
  budget.used += blob.byteLength;
  if (budget.used > options.maxSizeBytes) throw new GitSizeLimitError(options.maxSizeBytes);
  const path = join(target, entry.path);
  if (entry.mode === '120000') {
    await symlink(Buffer.from(blob).toString('utf8'), path);
    return;
  }
  // `wx`: never follow or overwrite something that is already there.
  await writeFile(path, blob, { flag: 'wx', mode: entry.mode === '100755' ? 0o755 : 0o644 });
}

/** Git forbids these names in trees (fsck); a crafted tree must not escape `dir` or plant a `.git`. */
function assertSafeName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new GitError(`refusing to write tree entry with unsafe name '${name}'`);
  }
  if (name.toLowerCase() === '.git') throw new GitError("refusing to write a tree entry named '.git'");
}
