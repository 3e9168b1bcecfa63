import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FluxFinalizer, type GitRepository, Kind } from '@driftless/api';
import {
  type CheckedOutCommit,
  checkout,
  defaultGitCliOptions,
  type GitCredentials,
  GitError,
  type GitSourceOptions,
  gitCredentialsFromSecret,
  resolveRemote,
} from '@driftless/git';
import type { ReconcileContext, Reconciler } from '@driftless/runtime';
import { sourceIgnoreFilter } from '../archive/source-ignore.js';
import { readSecretData } from '../secrets.js';
import { markOutdated, markReady, recordArtifact } from './artifact-record.js';
import { storeDirectory } from './artifact-store.js';
import { asFetchFailure } from './fetch-failure.js';
import { copyIncludes, type ResolvedInclude, resolveIncludes } from './git-include.js';
import { fetchSignal, type SourceDeps, storageRef } from './source-object.js';
import { gitRepositoryType } from './source-types.js';
import { reconcileStorage } from './storage-step.js';

type GitRepositoryObject = GitRepository & { metadata: { name: string } };

interface GitState {
  includes: ResolvedInclude[];
  /** Set when the remote moved (or nothing is stored): the commit checked out into `dir`. */
  commit?: CheckedOutCommit;
  dir?: string;
}

/** GitRepository: one ref listing per interval; a clone (from the cache) only when something changed. */
export function gitRepositoryReconciler(deps: SourceDeps): Reconciler<GitRepositoryObject, GitState> {
  async function reconcileInclude(ctx: ReconcileContext, object: GitRepositoryObject, state: GitState) {
    state.includes = await resolveIncludes(ctx, object, object.spec.include ?? []);
  }

  async function reconcileSource(ctx: ReconcileContext, object: GitRepositoryObject, state: GitState) {
    const options = await sourceOptions(ctx, object);
    const resolved = await asFetchFailure(object, [GitError], () => resolveRemote(options));
    markOutdated(object, resolved.revision);
    if (isUpToDate(object, resolved.revision, state.includes)) return;
    state.dir = await mkdtemp(join(deps.scratchRoot, 'git-'));
    state.commit = await asFetchFailure(object, [GitError], () => checkout({ ...options, dir: state.dir as string }));
  }

  async function reconcileArtifact(ctx: ReconcileContext, object: GitRepositoryObject, state: GitState) {
    if (!state.commit || !state.dir) {
      markReady(object);
      return;
    }
    await copyIncludes(deps.storage, state.includes, state.dir, deps.scratchRoot);
    const ignore = await sourceIgnoreFilter(state.dir, object.spec.ignore);
    const artifact = await storeDirectory(deps, object, {
      kind: Kind.GitRepository,
      dir: state.dir,
      ignore,
      fileName: `${state.commit.hash}.tar.gz`,
      revision: state.commit.revision,
    });
    object.status ??= {};
    object.status.includedArtifacts = state.includes.map((include) => include.artifact);
    object.status.observedIgnore = object.spec.ignore;
    object.status.observedRecurseSubmodules = object.spec.recurseSubmodules;
    object.status.observedInclude = object.spec.include;
    await recordArtifact(ctx, object, artifact, `stored artifact for commit '${state.commit.subject}'`);
  }

  async function sourceOptions(ctx: ReconcileContext, object: GitRepositoryObject): Promise<GitSourceOptions> {
    const secretRef = object.spec.secretRef?.name;
    let credentials: GitCredentials = {};
    if (secretRef) {
      credentials = gitCredentialsFromSecret(
        await readSecretData(ctx.client, object.metadata.namespace ?? '', secretRef),
      );
    }
    const cacheDir = join(deps.cacheRoot, 'gitrepository', object.metadata.namespace ?? '', object.metadata.name);
    await mkdir(cacheDir, { recursive: true });
    return {
      url: object.spec.url,
      reference: object.spec.ref,
      credentials,
      cacheDir,
      signal: fetchSignal(ctx.signal, object.spec.timeout),
      maxSizeBytes: deps.limits.artifactMaxSize,
      recurseSubmodules: object.spec.recurseSubmodules ?? false,
      cli: { ...defaultGitCliOptions(), binary: deps.gitBinary },
    };
  }

  return {
    type: gitRepositoryType,
    finalizer: FluxFinalizer,
    newState: () => ({ includes: [] }),
    steps: [reconcileStorage(Kind.GitRepository, deps), reconcileInclude, reconcileSource, reconcileArtifact],
    async releaseState(state) {
      if (state.dir) await rm(state.dir, { recursive: true, force: true });
    },
    async cleanup(_ctx, object) {
      await deps.storage.remove(storageRef(Kind.GitRepository, object));
      await rm(join(deps.cacheRoot, 'gitrepository', object.metadata.namespace ?? '', object.metadata.name), {
        recursive: true,
        force: true,
      });
    },
    eventMetadata: (object) => ({ revision: object.status?.artifact?.revision ?? '' }),
    announceSuccess: false,
  };
}

/** Nothing to build: same revision, same ignore rules, submodules and includes as the stored artifact. */
function isUpToDate(object: GitRepositoryObject, revision: string, includes: readonly ResolvedInclude[]): boolean {
  const status = object.status;
  if (!status?.artifact || status.artifact.revision !== revision) return false;
  if (status.observedIgnore !== object.spec.ignore) return false;
  if ((status.observedRecurseSubmodules ?? false) !== (object.spec.recurseSubmodules ?? false)) return false;
  if (JSON.stringify(status.observedInclude ?? []) !== JSON.stringify(object.spec.include ?? [])) return false;
  const stored = (status.includedArtifacts ?? []).map((artifact) => artifact.digest);
  return JSON.stringify(stored) === JSON.stringify(includes.map((include) => include.artifact.digest));
}
