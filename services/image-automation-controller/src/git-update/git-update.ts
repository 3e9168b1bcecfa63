import * as fs from 'node:fs';
import { join } from 'node:path';
import { abortError, GitError, GitReferenceNotFoundError } from '@driftless/git';
import git, { type SignCallback } from 'isomorphic-git';
import { createCommitSigner } from './commit-signer.js';
import { GitPushRejectedError, GitUpdateConfigError } from './git-update-errors.js';
import type { GitUpdateOutcome, GitUpdateRequest } from './git-update-types.js';
import { type PushDestination, parseRefspec, pushDestination, pushOptionList, type Refspec } from './push-plan.js';
import { ensureFetched, guardCache, openUpdateCache, withCacheRecovery } from './update-cache.js';
import { type UpdateRemote, withUpdateRemote } from './update-remote.js';
import { checkoutClean, commitStaged, stageAll, type WorkTreeRepo } from './work-tree.js';

interface UpdatePlan {
  request: GitUpdateRequest;
  destination: PushDestination;
  refspec: Refspec | undefined;
  options: string[];
  onSign: SignCallback | undefined;
}

/** The checkout a change is applied to. */
interface Checkout {
  repo: WorkTreeRepo;
  /** Head of the checkout branch on the remote. */
  checkoutHead: string;
  /** The commit checked out: the checkout head, or the head of an existing push branch Flux builds on. */
  base: string;
  refs: Map<string, string>;
}

export { GitPushRejectedError, GitSigningKeyError, GitUpdateConfigError } from './git-update-errors.js';

const refspecSourceRef = 'refs/driftless/refspec';

/**
 * Flux's Git side of an ImageUpdateAutomation: fetch the checkout branch into the cache, check it out,
 * let `apply` change the tree, commit, push. A push that loses a race is retried from a fresh fetch.
 */
export async function runGitUpdate(request: GitUpdateRequest): Promise<GitUpdateOutcome> {
  const plan: UpdatePlan = {
    request,
    destination: pushDestination(request.push, request.checkoutBranch),
    refspec: nonEmpty(request.push.refspec) === undefined ? undefined : parseRefspec(request.push.refspec ?? ''),
    options: pushOptionList(request.push.options),
    onSign: request.author.signingKey === undefined ? undefined : await createCommitSigner(request.author.signingKey),
  };
  return withUpdateRemote(request, async (remote) => {
    const maxAttempts = Math.max(1, request.maxPushAttempts);
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptUpdate(plan, remote, attempt);
      } catch (err) {
        if (!(err instanceof GitPushRejectedError)) throw err;
        if (attempt >= maxAttempts) {
          throw new GitPushRejectedError(
            `push to '${remote.url.display}' was rejected as not a fast-forward (the branch moved meanwhile); gave up after ${attempt} attempt(s)`,
            { cause: err },
          );
        }
      }
    }
  });
}

async function attemptUpdate(plan: UpdatePlan, remote: UpdateRemote, attempt: number): Promise<GitUpdateOutcome> {
  const { request, destination } = plan;
  throwIfAborted(request, remote);
  const checkout = await withCacheRecovery(request.workDir, () => prepareCheckout(plan, remote));
  const change = await request.apply(checkout.repo.dir);
  if (change === undefined) return { pushed: false, head: checkout.base };
  const branch = destination.kind === 'prefix' ? `${destination.prefix}${change.changeId}` : destination.branch;
  const existing = checkout.refs.get(`refs/heads/${branch}`);
  if (destination.kind === 'prefix' && existing !== undefined) return { pushed: false, head: existing };

  return guardCache(request.workDir, async () => {
    if ((await stageAll(checkout.repo)) === 0) return { pushed: false, head: checkout.base };
    const ref = `refs/heads/${branch}`;
    const commit = await commitStaged(checkout.repo, {
      ref,
      parent: checkout.base,
      message: change.message,
      identity: request.author,
      onSign: plan.onSign,
    });
    throwIfAborted(request, remote);
    // Like Flux (GitForcePushBranch, on by default), a push branch other than the checkout branch is force-pushed.
    const force = destination.kind === 'branch' && destination.switched;
    await remote.push(checkout.repo.gitdir, { localRef: ref, remoteRef: ref, force }, plan.options);
    if (plan.refspec !== undefined) await pushRefspec(plan, remote, checkout.repo, commit);
    return { pushed: true, commit, branch, base: checkout.checkoutHead, attempts: attempt };
  });
}

/** Lists the remote, fetches what is missing and checks out the commit the change is made on. */
async function prepareCheckout(plan: UpdatePlan, remote: UpdateRemote): Promise<Checkout> {
  const { request, destination } = plan;
  const refs = await remote.listRefs();
  const checkoutHead = refs.get(`refs/heads/${request.checkoutBranch}`);
  if (checkoutHead === undefined) {
    throw new GitReferenceNotFoundError(
      `checkout branch '${request.checkoutBranch}' not found on '${remote.url.display}'`,
    );
  }
  const gitdir = await openUpdateCache(request.workDir, remote);
  const repo: WorkTreeRepo = { gitdir, dir: join(request.workDir, 'worktree'), cache: {} };
  await ensureFetched(remote, gitdir, request.checkoutBranch, checkoutHead);
  await git.writeRef({ fs, gitdir, ref: `refs/heads/${request.checkoutBranch}`, value: checkoutHead, force: true });

  // Flux fetches every branch when the push branch differs and switches to the remote push branch if
  // it exists (GitAllBranchReferences, on by default): the update is made on top of that branch.
  const pushHead =
    destination.kind === 'branch' && destination.switched ? refs.get(`refs/heads/${destination.branch}`) : undefined;
  const localBranch = destination.kind === 'branch' ? destination.branch : request.checkoutBranch;
  if (pushHead !== undefined) await ensureFetched(remote, gitdir, localBranch, pushHead);
  const base = pushHead ?? checkoutHead;
  await checkoutClean(repo, localBranch, base);
  return { repo, checkoutHead, base, refs };
}

/** Pushes `spec.git.push.refspec` after the branch, without force (Flux does not carry force over to it). */
async function pushRefspec(plan: UpdatePlan, remote: UpdateRemote, repo: WorkTreeRepo, commit: string): Promise<void> {
  const refspec = plan.refspec as Refspec;
  const source = refspec.src === 'HEAD' ? commit : await resolveLocal(repo.gitdir, refspec.src);
  await git.writeRef({ fs, gitdir: repo.gitdir, ref: refspecSourceRef, value: source, force: true });
  try {
    await remote.push(repo.gitdir, { localRef: refspecSourceRef, remoteRef: refspec.dst, force: false }, plan.options);
  } catch (err) {
    // Only the push branch is retried; a rejected refspec push is reported as it is.
    if (err instanceof GitPushRejectedError) throw new GitError(err.message, { cause: err });
    throw err;
  }
}

async function resolveLocal(gitdir: string, ref: string): Promise<string> {
  try {
    return await git.resolveRef({ fs, gitdir, ref });
  } catch (err) {
    throw new GitUpdateConfigError(`refspec source '${ref}' is not a local branch or ref of the checkout`, {
      cause: err,
    });
  }
}

function throwIfAborted(request: GitUpdateRequest, remote: UpdateRemote): void {
  if (request.signal.aborted) throw abortError(request.signal, remote.url.display);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
