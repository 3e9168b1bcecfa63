import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestDecodeError, PathEscapeError } from './errors.js';
import { isInside, relativeToRoot } from './safe-path.js';

/** The names kustomize recognises, in its order of preference. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export const kustomizationApiVersion = 'kustomize.config.k8s.io/v1beta1';

export const GenerateAction = { Created: 'created', Unchanged: 'unchanged' } as const;
export type GenerateAction = (typeof GenerateAction)[keyof typeof GenerateAction];

export interface GenerateResult {
  action: GenerateAction;
  /** Absolute path of the kustomization file (found or written). */
  file: string;
}

/** The kustomization file of `dir`, or undefined when it has none. */
export async function findKustomizationFile(dir: string): Promise<string | undefined> {
  for (const name of kustomizationFileNames) {
    const candidate = path.join(dir, name);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

/**
 * Writes `kustomization.yaml` into `dir` when it has no kustomization file, the way Flux's generator does: its
 * `resources` are every `.yaml`/`.yml` file below `dir` (walk order: names sorted, depth first), and each
 * sub-directory holding its own kustomization file instead of that directory's files. A manifest file that is not
 * Kubernetes YAML fails the generation, as in Flux. Hidden files and directories are skipped: source-controller
 * leaves them out of its artifacts (`.git/`, `.github/`, `.sops.yaml`, ...), so other artifacts behave the same.
 * `root` is the artifact root, used to refuse symlinks that leave it and to name files in errors.
 */
export async function generateKustomization(dir: string, root: string): Promise<GenerateResult> {
  const existing = await findKustomizationFile(dir);
  if (existing) return { action: GenerateAction.Unchanged, file: existing };
  const realRoot = await realpath(root);
  const realDir = await realpath(dir);
  const resources = await scanManifests(realDir, realDir, realRoot);
  const file = path.join(dir, kustomizationFileNames[0]);
  const lines = [`apiVersion: ${kustomizationApiVersion}`, 'kind: Kustomization'];
  lines.push(resources.length === 0 ? 'resources: []' : 'resources:');
  for (const resource of resources) lines.push(`- ${JSON.stringify(resource)}`);
  // 'wx' never follows a (dangling) symlink named kustomization.yaml out of the tree.
  await writeFile(file, `${lines.join('\n')}\n`, { flag: 'wx' });
  return { action: GenerateAction.Created, file };
}

async function scanManifests(base: string, dir: string, root: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareNames(a.name, b.name));
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const resource = `./${relativeToRoot(base, full)}`;
    if (entry.isDirectory()) {
      if (await findKustomizationFile(full)) found.push(resource);
      else found.push(...(await scanManifests(base, full, root)));
      continue;
    }
    if (!isManifestName(entry.name) || !(await isReadableFile(entry, full, root))) continue;
    await assertKubernetesYaml(full, root);
    found.push(resource);
  }
  return found;
}

/** Byte order, as Go's filepath.Walk sorts names (not locale order). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isManifestName(name: string): boolean {
  const extension = path.extname(name);
  return extension === '.yaml' || extension === '.yml';
}

/** Regular files, and symlinks to files inside the root; symlinked directories are not followed (as Go's Walk). */
async function isReadableFile(entry: Dirent, full: string, root: string): Promise<boolean> {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  const target = await realpath(full).catch(() => undefined);
  if (target === undefined) return false;
  if (!isInside(root, target)) throw new PathEscapeError(relativeToRoot(root, full), { field: 'symlink' });
  return (await stat(target)).isFile();
}

async function assertKubernetesYaml(file: string, root: string): Promise<void> {
  const name = relativeToRoot(root, file);
  const documents = parseAllDocuments(await readFile(file, 'utf8'));
  for (const document of documents) {
    const [error] = document.errors;
    if (error) throw new ManifestDecodeError(name, error.message.split('\n')[0] ?? error.message, { cause: error });
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new ManifestDecodeError(name, 'not a YAML object');
    const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
      throw new ManifestDecodeError(name, 'missing Resource metadata (apiVersion and kind)');
    }
  }
}
