import { readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KustomizationSpec } from '@driftless/api';
import { parse, stringify } from 'yaml';
import type { BuildSpec } from './build-spec.js';
import { BuildError, PathEscapeError } from './errors.js';
import { kustomizationApiVersion } from './generate-kustomization.js';
import { isRemoteReference } from './references.js';
import { isInside, relativeToRoot } from './safe-path.js';

type KustomizationFile = Record<string, unknown>;
type SpecPatch = NonNullable<KustomizationSpec['patches']>[number];
type SpecImage = NonNullable<KustomizationSpec['images']>[number];
type CommonMetadata = NonNullable<KustomizationSpec['commonMetadata']>;

/** The selector fields a kustomize patch target knows (Flux's `Selector`). */
const targetFields = ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const;

/**
 * Merges the Kustomization's kustomize options into a parsed kustomization file, as Flux's generator does: the
 * namespace, name prefix and suffix replace the file's own; patches and components are appended; an image override
 * replaces the file's entry with the same name or is appended. `commonMetadata` is not a kustomize option in Flux
 * (it is set on the built objects, see `setCommonMetadata`). Returns a new object.
 */
export function applyFluxOverlay(kustomization: KustomizationFile, spec: BuildSpec): KustomizationFile {
  const result: KustomizationFile = {
    ...kustomization,
    apiVersion: kustomization.apiVersion ?? kustomizationApiVersion,
    kind: kustomization.kind ?? 'Kustomization',
  };
  if (spec.targetNamespace) result.namespace = spec.targetNamespace;
  if (spec.namePrefix) result.namePrefix = spec.namePrefix;
  if (spec.nameSuffix) result.nameSuffix = spec.nameSuffix;
  if (spec.patches?.length) result.patches = [...listOf(kustomization.patches), ...spec.patches.map(toKustomizePatch)];
  if (spec.components?.length) result.components = [...listOf(kustomization.components), ...spec.components];
  if (spec.images?.length) result.images = mergeImages(listOf(kustomization.images), spec.images);
  return result;
}

/**
 * Rewrites the kustomization file `file` with `applyFluxOverlay`. `root` is the artifact root: spec.components
 * entries must be local relative paths that stay inside it.
 */
export async function writeFluxOverlay(file: string, spec: BuildSpec, root: string): Promise<void> {
  checkComponents(path.dirname(file), spec.components ?? [], root);
  const realFile = await realpath(file);
  if (!isInside(await realpath(root), realFile)) {
    throw new PathEscapeError(path.basename(file), { file: relativeToRoot(root, file), field: 'symlink' });
  }
  const text = await readFile(realFile, 'utf8');
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new BuildError(`${relativeToRoot(root, file)} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    throw new BuildError(`${relativeToRoot(root, file)} is not a kustomization: expected a YAML object`);
  }
  const merged = applyFluxOverlay((parsed ?? {}) as KustomizationFile, spec);
  await writeFile(realFile, stringify(merged, { lineWidth: 0 }));
}

/**
 * Flux's `SetCommonMetadata`: adds the labels and annotations to every object's metadata (not to selectors or
 * pod templates), replacing values of the same keys. Returns new objects.
 */
export function setCommonMetadata<T extends Record<string, unknown>>(
  objects: readonly T[],
  commonMetadata: CommonMetadata | undefined,
): T[] {
  const labels = commonMetadata?.labels ?? {};
  const annotations = commonMetadata?.annotations ?? {};
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return [...objects];
  return objects.map((object) => {
    const metadata = (object.metadata ?? {}) as {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    const next: typeof metadata = { ...metadata };
    if (Object.keys(labels).length > 0) next.labels = { ...metadata.labels, ...labels };
    if (Object.keys(annotations).length > 0) next.annotations = { ...metadata.annotations, ...annotations };
    return { ...object, metadata: next };
  });
}

function checkComponents(dir: string, components: readonly string[], root: string): void {
  for (const component of components) {
    if (isRemoteReference(component) || path.isAbsolute(component)) {
      throw new BuildError(`spec.components entry ${JSON.stringify(component)} must be a local relative path`);
    }
    if (!isInside(root, path.resolve(dir, component))) {
      throw new PathEscapeError(component, { field: 'spec.components' });
    }
  }
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function toKustomizePatch(patch: SpecPatch): Record<string, unknown> {
  const result: Record<string, unknown> = { patch: patch.patch };
  if (!patch.target) return result;
  const target: Record<string, unknown> = {};
  for (const field of targetFields) {
    const value = patch.target[field];
    if (value !== undefined && value !== '') target[field] = value;
  }
  result.target = target;
  return result;
}

function mergeImages(existing: unknown[], overrides: readonly SpecImage[]): unknown[] {
  const images = [...existing];
  for (const override of overrides) {
    const image: Record<string, string> = { name: override.name };
    if (override.newName) image.newName = override.newName;
    if (override.newTag) image.newTag = override.newTag;
    if (override.digest) image.digest = override.digest;
    const index = images.findIndex((entry) => (entry as { name?: unknown } | null)?.name === override.name);
    if (index < 0) images.push(image);
    else images[index] = image;
  }
  return images;
}
