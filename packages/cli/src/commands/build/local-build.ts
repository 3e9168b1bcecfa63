import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { FluxLabel } from '@driftless/api';
import { parseManifests, type Unstructured } from '@driftless/apply';
import { buildManifests, collectVariables, type PostBuild, substituteVariables } from '@driftless/kustomize-build';
import type { KubeClient, ResourceType } from '@driftless/runtime';
import { NotFoundError } from '@driftless/runtime';
import type { NamedKustomization } from './load-kustomization.js';

export interface LocalBuildOptions {
  kustomization: NamedKustomization;
  /** The local directory that stands in for spec.path; absolute. */
  path: string;
  /** The working directory: the source root when --path is inside it and no Git work tree holds it. */
  cwd: string;
  kubectlBinary: string;
  /** Reads postBuild.substituteFrom; not needed (and not used) in a dry run. */
  client?: KubeClient;
  /** Skip postBuild.substituteFrom, reading nothing from the cluster. */
  dryRun: boolean;
  /** A variable used without a default and not defined fails the build. */
  strictSubstitute: boolean;
  timeoutMs: number;
  warn: (message: string) => void;
  signal?: AbortSignal;
}

const maxOutputBytes = 64 * 2 ** 20;
const skippedDirs = new Set(['.git', 'node_modules']);

/**
 * Builds a local directory the way kustomize-controller builds the Kustomization's artifact: the same
 * generated kustomization, spec overlay, kustomize, commonMetadata, postBuild substitution and owner labels.
 * Local references may reach anywhere in the source root (see sourceRootOf), as they may reach anywhere in
 * a source artifact.
 */
export async function buildLocal(options: LocalBuildOptions): Promise<Unstructured[]> {
  const { kustomization } = options;
  const root = sourceRootOf(options.path, options.cwd);
  const yaml = await buildManifests(
    {
      artifactRoot: root,
      path: relative(root, options.path),
      spec: kustomization.spec,
      kubectlBinary: options.kubectlBinary,
      timeoutMs: options.timeoutMs,
      maxOutputBytes,
      copyFilter: (source) => !skippedDirs.has(basename(source)),
    },
    options.signal,
  );
  let objects = parseManifests(yaml, { origin: relative(root, options.path) || '.' });
  const postBuild = kustomization.spec.postBuild;
  if (postBuild) {
    const variables = await collectVariables(
      readablePostBuild(postBuild, options),
      clusterReaders(options.client),
      kustomization.metadata.namespace,
    );
    objects = substituteVariables(objects, variables, { strict: options.strictSubstitute }) as Unstructured[];
  }
  return objects.map((object) => withOwnerLabels(object, kustomization));
}

/**
 * What stands in for the artifact root: the Git work tree holding `dir`, else `cwd` when it holds `dir`,
 * else `dir` itself.
 */
export function sourceRootOf(dir: string, cwd: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) break;
  }
  const fromCwd = relative(cwd, dir);
  return fromCwd === '' || (!fromCwd.startsWith('..') && !isAbsolute(fromCwd)) ? cwd : dir;
}

function readablePostBuild(postBuild: NonNullable<PostBuild>, options: LocalBuildOptions): PostBuild {
  if (!options.dryRun) return postBuild;
  for (const source of postBuild.substituteFrom ?? []) {
    options.warn(`skipping ${source.kind}/${options.kustomization.metadata.namespace}/${source.name} in dry-run mode`);
  }
  return { ...postBuild, substituteFrom: [] };
}

const dataTypes: Record<'ConfigMap' | 'Secret', ResourceType> = {
  ConfigMap: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  Secret: { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
};

function clusterReaders(client: KubeClient | undefined) {
  const read = async (kind: 'ConfigMap' | 'Secret', namespace: string, name: string) => {
    if (!client) throw new Error('no cluster to read it from');
    try {
      const object = await client.get<{ metadata: { name: string }; data?: Record<string, string> }>(
        dataTypes[kind],
        namespace,
        name,
      );
      return object.data ?? {};
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };
  return {
    getConfigMap: (namespace: string, name: string) => read('ConfigMap', namespace, name),
    getSecret: (namespace: string, name: string) => read('Secret', namespace, name),
  };
}

function withOwnerLabels(object: Unstructured, owner: NamedKustomization): Unstructured {
  const labels = {
    ...object.metadata.labels,
    [FluxLabel.KustomizeName]: owner.metadata.name,
    [FluxLabel.KustomizeNamespace]: owner.metadata.namespace,
  };
  return { ...object, metadata: { ...object.metadata, labels } };
}
