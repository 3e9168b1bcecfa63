import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Kind, SourceCondition } from '@driftless/api';
import type { ArtifactStorage } from '@driftless/artifact';
import { extractArchive } from '@driftless/artifact';
import { deleteCondition, markTrue, NotFoundError, type ReconcileContext, WaitingError } from '@driftless/runtime';
import type { SourceObject, StatusArtifact } from './source-object.js';
import { gitRepositoryType } from './source-types.js';

export interface IncludeSpec {
  repository: { name: string };
  fromPath?: string;
  toPath?: string;
}

export interface ResolvedInclude {
  spec: IncludeSpec;
  artifact: StatusArtifact;
}

const includeRetryMs = 10_000;

/** The current artifact of every GitRepository in `spec.include`; waits while one has none. */
export async function resolveIncludes(
  ctx: ReconcileContext,
  object: SourceObject,
  includes: readonly IncludeSpec[],
): Promise<ResolvedInclude[]> {
  const namespace = object.metadata.namespace ?? '';
  const resolved: ResolvedInclude[] = [];
  for (const spec of includes) {
    const name = spec.repository.name;
    let included: SourceObject | undefined;
    try {
      included = await ctx.client.get<SourceObject>(gitRepositoryType, namespace, name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const artifact = included?.status?.artifact;
    if (!artifact) {
      const message = included
        ? `no artifact available for include '${name}'`
        : `${Kind.GitRepository} '${namespace}/${name}' to include not found`;
      markTrue(object, SourceCondition.IncludeUnavailable, 'NotFound', message);
      throw new WaitingError('IncludeUnavailable', message, includeRetryMs);
    }
    resolved.push({ spec, artifact });
  }
  deleteCondition(object, SourceCondition.IncludeUnavailable);
  return resolved;
}

/** Copies each included artifact's `fromPath` (default: all of it) to `toPath` (default: its name) in `dir`. */
export async function copyIncludes(
  storage: ArtifactStorage,
  includes: readonly ResolvedInclude[],
  dir: string,
  scratchRoot: string,
): Promise<void> {
  for (const { spec, artifact } of includes) {
    const scratch = await mkdtemp(join(scratchRoot, 'include-'));
    try {
      await extractArchive(storage.resolve(artifact.path), join(scratch, 'content'));
      const from = safeJoin(join(scratch, 'content'), spec.fromPath ?? '.', 'fromPath');
      const to = safeJoin(dir, spec.toPath ?? spec.repository.name, 'toPath');
      await rm(to, { recursive: true, force: true });
      await mkdir(join(to, '..'), { recursive: true });
      await cp(from, to, { recursive: true, verbatimSymlinks: true });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

function safeJoin(root: string, relative: string, field: string): string {
  const parts = relative.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new IncludePathError(field, relative);
  return join(root, ...parts);
}

export class IncludePathError extends Error {
  override name = 'IncludePathError';
  readonly reason = 'InvalidPath';

  constructor(field: string, path: string) {
    super(`include ${field} '${path}' must stay inside the artifact`);
  }
}
