import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How the repo in a cache dir was made: each writer keeps its own layout. */
export const GitCacheLayout = {
  /** Bare repo fetched by isomorphic-git (HTTP/S). */
  Bare: 'bare',
  /** Bare repo fetched by the system git (SSH). */
  CliBare: 'cli-bare',
  /** Non-bare repo with submodules, managed by the system git. */
  WorkTree: 'worktree',
} as const;
export type GitCacheLayout = (typeof GitCacheLayout)[keyof typeof GitCacheLayout];

export interface GitCacheOptions {
  /** Packs allowed to pile up (one per incremental fetch) before the cache is started afresh. */
  maxPacks: number;
}

export function defaultGitCacheOptions(): GitCacheOptions {
  return { maxPacks: 32 };
}

export interface GitCacheEntry {
  /** The repo dir (`<cacheDir>/repo`): a git dir for the bare layouts, a work tree otherwise. */
  repoDir: string;
  /** True when the repo dir is new (and empty): the caller must initialise it. */
  fresh: boolean;
}

const formatVersion = 1;

/**
 * Opens the cache of one object. It is reset when it was written for another URL or layout, or when
 * incremental fetches have left too many packs behind.
 */
export async function openGitCache(
  cacheDir: string,
  identity: { url: string; layout: GitCacheLayout },
  options: GitCacheOptions = defaultGitCacheOptions(),
): Promise<GitCacheEntry> {
  await mkdir(cacheDir, { recursive: true });
  const repoDir = join(cacheDir, 'repo');
  const stamp = JSON.stringify({
    version: formatVersion,
    layout: identity.layout,
    url: createHash('sha256').update(identity.url).digest('hex'),
  });
  const stampFile = join(cacheDir, 'cache.json');
  const current = await readFile(stampFile, 'utf8').catch(() => undefined);
  const gitDir = identity.layout === GitCacheLayout.WorkTree ? join(repoDir, '.git') : repoDir;
  if (current === stamp && (await packCount(gitDir)) <= options.maxPacks && (await exists(gitDir))) {
    return { repoDir, fresh: false };
  }
  await resetGitCache(cacheDir);
  await mkdir(repoDir, { recursive: true });
  await writeFile(stampFile, stamp);
  return { repoDir, fresh: true };
}

/** Removes everything in the cache dir (after a failure that may have left it inconsistent). */
export async function resetGitCache(cacheDir: string): Promise<void> {
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(entries.map((entry) => rm(join(cacheDir, entry), { recursive: true, force: true })));
}

async function packCount(gitDir: string): Promise<number> {
  const entries = await readdir(join(gitDir, 'objects', 'pack')).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith('.pack')).length;
}

async function exists(path: string): Promise<boolean> {
  return readdir(path).then(
    () => true,
    () => false,
  );
}
