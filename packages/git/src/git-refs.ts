import semver from 'semver';
import { GitInvalidReferenceError, GitReferenceNotFoundError } from './git-errors.js';

/** `spec.ref` of a GitRepository. Precedence: commit > name > semver > tag > branch. */
export interface GitReference {
  branch?: string;
  tag?: string;
  semver?: string;
  name?: string;
  commit?: string;
}

/** Flux's default when `spec.ref` is empty (fluxcd/pkg `git.DefaultBranch`). */
export const defaultBranch = 'master';

const peeledSuffix = '^{}';
const fullHash = /^[0-9a-f]{40}$/;

/** What to download for a resolved reference. */
export interface FetchPlan {
  /** Full remote ref names to fetch (the first is the main one). */
  refs: readonly string[];
  /** Fetch whole history (commit references, whose commit may be anywhere in the branch) instead of depth 1. */
  fullHistory: boolean;
}

export interface ResolvedReference {
  /** The commit (annotated tags peeled). */
  hash: string;
  /** Flux revision, e.g. `main@sha1:<hash>`, `v1.0.0@sha1:<hash>`, `refs/pull/1/head@sha1:<hash>`, `sha1:<hash>`. */
  revision: string;
  fetch: FetchPlan;
}

/**
 * Resolves a reference against a ref advertisement (`ls-remote` style: full ref name → object id,
 * including `<tag>^{}` entries that carry the commit an annotated tag points to).
 */
export function resolveReference(
  refs: ReadonlyMap<string, string>,
  reference: GitReference | undefined,
): ResolvedReference {
  const ref = reference ?? {};
  if (nonEmpty(ref.commit)) return resolveCommit(refs, ref, ref.commit);
  if (nonEmpty(ref.name)) return resolveName(refs, ref.name);
  if (nonEmpty(ref.semver)) return resolveSemver(refs, ref.semver);
  if (nonEmpty(ref.tag)) return resolveTag(refs, ref.tag);
  return resolveBranch(refs, nonEmpty(ref.branch) ? ref.branch : defaultBranch);
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function resolveBranch(refs: ReadonlyMap<string, string>, branch: string): ResolvedReference {
  const full = `refs/heads/${branch}`;
  const hash = refs.get(full);
  if (hash === undefined) throw new GitReferenceNotFoundError(`branch '${branch}' not found on the remote`);
  return { hash, revision: `${branch}@sha1:${hash}`, fetch: { refs: [full], fullHistory: false } };
}

function resolveTag(refs: ReadonlyMap<string, string>, tag: string): ResolvedReference {
  const full = `refs/tags/${tag}`;
  const hash = peeled(refs, full);
  if (hash === undefined) throw new GitReferenceNotFoundError(`tag '${tag}' not found on the remote`);
  return { hash, revision: `${tag}@sha1:${hash}`, fetch: { refs: [full], fullHistory: false } };
}

function resolveName(refs: ReadonlyMap<string, string>, name: string): ResolvedReference {
  const full = name.endsWith(peeledSuffix) ? name.slice(0, -peeledSuffix.length) : name;
  if (!full.startsWith('refs/') && full !== 'HEAD') {
    throw new GitInvalidReferenceError(`reference name '${name}' must be a full ref name (refs/…)`);
  }
  const hash = peeled(refs, full);
  if (hash === undefined) throw new GitReferenceNotFoundError(`reference '${name}' not found on the remote`);
  return { hash, revision: `${name}@sha1:${hash}`, fetch: { refs: [full], fullHistory: false } };
}

function resolveSemver(refs: ReadonlyMap<string, string>, range: string): ResolvedReference {
  if (semver.validRange(range) === null) throw new GitInvalidReferenceError(`invalid semver range '${range}'`);
  let best: { tag: string; version: semver.SemVer } | undefined;
  for (const name of refs.keys()) {
    if (!name.startsWith('refs/tags/') || name.endsWith(peeledSuffix)) continue;
    const tag = name.slice('refs/tags/'.length);
    const version = semver.parse(tag);
    if (version === null || !semver.satisfies(version, range)) continue;
    if (best === undefined || semver.compareBuild(version, best.version) > 0) best = { tag, version };
  }
  if (best === undefined) throw new GitReferenceNotFoundError(`no tag matches semver range '${range}'`);
  return resolveTag(refs, best.tag);
}

function resolveCommit(refs: ReadonlyMap<string, string>, ref: GitReference, commit: string): ResolvedReference {
  const hash = commit.toLowerCase();
  if (!fullHash.test(hash)) throw new GitInvalidReferenceError(`commit '${commit}' is not a full 40-character SHA-1`);
  if (nonEmpty(ref.branch) && !refs.has(`refs/heads/${ref.branch}`)) {
    throw new GitReferenceNotFoundError(`branch '${ref.branch}' not found on the remote`);
  }
  const scope = nonEmpty(ref.branch)
    ? [`refs/heads/${ref.branch}`]
    : [...refs.keys()].filter((name) => name.startsWith('refs/heads/'));
  if (nonEmpty(ref.name) && refs.has(ref.name) && !scope.includes(ref.name)) scope.push(ref.name);
  if (scope.length === 0)
    throw new GitReferenceNotFoundError(`the remote has no branch that could hold commit '${hash}'`);
  const prefix = nonEmpty(ref.name) ? `${ref.name}@` : nonEmpty(ref.branch) ? `${ref.branch}@` : '';
  return { hash, revision: `${prefix}sha1:${hash}`, fetch: { refs: scope, fullHistory: true } };
}

/** The commit a ref points to: for an annotated tag, the `^{}` entry; else the ref's own id. */
function peeled(refs: ReadonlyMap<string, string>, full: string): string | undefined {
  return refs.get(`${full}${peeledSuffix}`) ?? refs.get(full);
}

/** Parses `git ls-remote` output (`<oid>\t<ref>` lines). */
export function parseLsRemote(output: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [oid, name] = line.trim().split('\t');
    if (oid && name && /^[0-9a-f]{40}$/.test(oid)) refs.set(name, oid);
  }
  return refs;
}
