import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveIgnoreFilter } from '@driftless/artifact';
import ignore, { type Ignore } from 'ignore';

/** The file that holds exclusions inside a source tree; it applies to its own directory and below. */
export const SourceIgnoreFile = '.sourceignore';

/** Always left out (fluxcd/pkg sourceignore ExcludeVCS). */
export const vcsPatterns = ['.git/', '.gitignore', '.gitmodules', '.gitattributes'] as const;

/** Left out when neither `.sourceignore` files nor `spec.ignore` say otherwise (ExcludeExt, ExcludeCI, ExcludeExtra). */
export const defaultPatterns = [
  '*.jpg',
  '*.jpeg',
  '*.gif',
  '*.png',
  '*.wmv',
  '*.flv',
  '*.tar.gz',
  '*.zip',
  '.github/',
  '.circleci/',
  '.travis.yml',
  '.gitlab-ci.yml',
  'appveyor.yml',
  '.drone.yml',
  'cloudbuild.yaml',
  'codeship-services.yml',
  'codeship-steps.yml',
  '**/.goreleaser.yml',
  '**/.sops.yaml',
  '**/.flux.yaml',
] as const;

/** Patterns read from one place, applying below `domain` (`''` for the whole tree). */
interface PatternGroup {
  readonly domain: string;
  readonly matcher: Ignore;
}

function group(domain: string, patterns: readonly string[]): PatternGroup {
  return { domain, matcher: ignore({ allowRelativePaths: true }).add([...patterns]) };
}

/** Pattern lines of an ignore file: no comments, no blank lines. */
export function readPatterns(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Every `.sourceignore` below `dir`, shallow first, each scoped to its directory. */
async function loadIgnoreFiles(dir: string, domain = ''): Promise<PatternGroup[]> {
  const groups: PatternGroup[] = [];
  let text: string | undefined;
  try {
    text = await readFile(join(dir, SourceIgnoreFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const patterns = text === undefined ? [] : readPatterns(text);
  if (patterns.length > 0) groups.push(group(domain, patterns));
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || entry.name === '.git') continue;
    groups.push(
      ...(await loadIgnoreFiles(join(dir, entry.name), domain === '' ? entry.name : `${domain}/${entry.name}`)),
    );
  }
  return groups;
}

/**
 * Flux's archive filter for a source tree: the VCS files always go; then the tree's `.sourceignore`
 * files and `spec.ignore` (in that order, later lines winning, `!` re-including); when there are
 * none, Flux's default exclusions instead.
 */
export async function sourceIgnoreFilter(dir: string, specIgnore: string | undefined): Promise<ArchiveIgnoreFilter> {
  const own = await loadIgnoreFiles(dir);
  const spec = specIgnore === undefined ? [] : readPatterns(specIgnore);
  if (spec.length > 0) own.push(group('', spec));
  const groups = [group('', vcsPatterns), ...(own.length > 0 ? own : [group('', defaultPatterns)])];
  return (relativePath, isDir) => isExcluded(groups, relativePath, isDir);
}

function isExcluded(groups: readonly PatternGroup[], relativePath: string, isDir: boolean): boolean {
  let excluded = false;
  for (const { domain, matcher } of groups) {
    if (domain !== '' && !relativePath.startsWith(`${domain}/`)) continue;
    const inDomain = domain === '' ? relativePath : relativePath.slice(domain.length + 1);
    const result = matcher.test(isDir ? `${inDomain}/` : inDomain);
    if (result.ignored) excluded = true;
    else if (result.unignored) excluded = false;
  }
  return excluded;
}
