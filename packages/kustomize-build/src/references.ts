import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { PathEscapeError, RemoteReferenceError } from './errors.js';
import { findKustomizationFile } from './generate-kustomization.js';
import { isInside, relativeToRoot } from './safe-path.js';

/** One local path a kustomization file refers to. `follow`: a directory here is a kustomization to check too. */
interface Reference {
  field: string;
  value: string;
  follow: boolean;
}

type Fields = Record<string, unknown>;

const remotePatterns = [
  /^[a-z][a-z0-9+.-]*:\/\//i, // http://, https://, ssh://, git://, file://, s3://
  /^git::/i,
  /^[\w.-]+@[\w.-]+:/, // scp-like ssh, git@github.com:org/repo
  /^(github\.com|gitlab\.com|bitbucket\.org)\//i,
  /\?(ref|version|submodules|timeout)=/,
];

/** Whether kustomize would fetch `reference` over the network (a URL, a git address, a `host.tld/...` path). */
export function isRemoteReference(reference: string): boolean {
  return remotePatterns.some((pattern) => pattern.test(reference));
}

/**
 * Checks every local path referred to by the kustomization in `dir`, following referenced kustomization
 * directories (resources, bases, components, generators, transformers, validators), and refuses paths that leave
 * `root` (lexically or through symlinks) and remote references. Missing local paths are left to kustomize to
 * report. Inline patches and inline generator/transformer configs are not paths and are skipped.
 */
export async function checkReferences(dir: string, root: string): Promise<void> {
  const realRoot = await realpath(root);
  const pending = [await realpath(dir)];
  const visited = new Set<string>();
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (visited.has(current)) continue;
    visited.add(current);
    const file = await findKustomizationFile(current);
    if (!file) continue;
    const name = relativeToRoot(realRoot, file);
    const realFile = await realpath(file);
    if (!isInside(realRoot, realFile)) throw new PathEscapeError(path.basename(file), { file: name, field: 'symlink' });
    const fields = await readFields(realFile);
    for (const reference of referencesOf(fields)) {
      const target = await checkReference(current, reference, { root: realRoot, file: name });
      if (target && reference.follow && (await stat(target)).isDirectory()) pending.push(target);
    }
  }
}

/** The real path of the reference when it exists locally, after checking that it stays inside the root. */
async function checkReference(
  dir: string,
  reference: Reference,
  where: { root: string; file: string },
): Promise<string | undefined> {
  const lexical = path.resolve(dir, reference.value);
  const local = existsSync(lexical);
  if (isRemoteReference(reference.value) || (!local && looksLikeHost(reference.value))) {
    throw new RemoteReferenceError(reference.value, where.file, reference.field);
  }
  const escaped = new PathEscapeError(reference.value, { file: where.file, field: reference.field });
  if (!isInside(where.root, lexical)) throw escaped;
  if (!local) return undefined;
  const real = await realpath(lexical);
  if (!isInside(where.root, real)) throw escaped;
  return real;
}

/** `example.com/org/repo` style: a first segment that is a host name. */
function looksLikeHost(reference: string): boolean {
  const [first, ...rest] = reference.split('/');
  return rest.length > 0 && first !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(first);
}

async function readFields(file: string): Promise<Fields> {
  try {
    const parsed: unknown = parse(await readFile(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Fields) : {};
  } catch {
    // kustomize reads the same file and reports the syntax error with its own position information.
    return {};
  }
}

function referencesOf(fields: Fields): Reference[] {
  const references: Reference[] = [];
  const add = (field: string, value: unknown, follow = false) => {
    if (typeof value === 'string' && value.trim() !== '' && !isInline(value)) references.push({ field, value, follow });
  };
  for (const field of ['resources', 'bases', 'components', 'generators', 'transformers', 'validators']) {
    for (const value of listOf(fields[field])) add(field, value, true);
  }
  for (const field of ['crds', 'configurations', 'patchesStrategicMerge']) {
    for (const value of listOf(fields[field])) add(field, value);
  }
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    for (const entry of listOf(fields[field])) add(field, fieldOf(entry, 'path'));
  }
  add('openapi', fieldOf(fields.openapi, 'path'));
  add('helmGlobals', fieldOf(fields.helmGlobals, 'chartHome'));
  for (const entry of listOf(fields.helmCharts)) add('helmCharts', fieldOf(entry, 'valuesFile'));
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    for (const generator of listOf(fields[field])) {
      for (const source of listOf(fieldOf(generator, 'files'))) add(field, fileSourcePath(source));
      for (const env of listOf(fieldOf(generator, 'envs'))) add(field, env);
      add(field, fieldOf(generator, 'env'));
    }
  }
  return references;
}

/** Inline YAML (patchesStrategicMerge, generator and transformer configs) rather than a path. */
function isInline(value: string): boolean {
  return value.includes('\n') || value.trimStart().startsWith('{');
}

/** A generator `files` entry is `path` or `key=path`. */
function fileSourcePath(source: unknown): unknown {
  if (typeof source !== 'string') return source;
  const equals = source.indexOf('=');
  return equals < 0 ? source : source.slice(equals + 1);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function fieldOf(value: unknown, field: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Fields)[field] : undefined;
}
