import type { GitCredentials } from '@driftless/git';

/** Who commits, and the optional OpenPGP key commits are signed with (Flux: Secret keys `git.asc`, `passphrase`). */
export interface CommitIdentity {
  name: string;
  email: string;
  signingKey?: { armoredPrivateKey: string; passphrase?: string };
}

/** Where the update is pushed (Flux `spec.git.push`, plus Driftless's branchPrefix). */
export interface PushTarget {
  /** Push to this branch; the checkout branch when neither branch nor branchPrefix is set. */
  branch?: string;
  /** Push each update to `<branchPrefix><changeId>` instead, created from the checkout branch. */
  branchPrefix?: string;
  /** Also push this refspec, e.g. `refs/heads/main:refs/heads/auto` (`HEAD` is the new commit). */
  refspec?: string;
  /** git push options (`-o key=value`); honoured when the remote advertises push-options. */
  options?: Record<string, string>;
}

/** What the automation writes into the checked-out tree. Undefined: nothing changed, nothing is committed. */
export type ApplyUpdate = (worktree: string) => Promise<{ message: string; changeId: string } | undefined>;

export interface GitUpdateRequest {
  /** The GitRepository's URL: http(s)://, ssh:// or scp-like. */
  url: string;
  credentials: GitCredentials;
  /** The branch checked out (spec.git.checkout.ref.branch, else the GitRepository's branch). */
  checkoutBranch: string;
  push: PushTarget;
  author: CommitIdentity;
  apply: ApplyUpdate;
  /** Per-object directory kept between runs (a cache; may be wiped at any time). */
  workDir: string;
  signal: AbortSignal;
  /** Times a rejected (non-fast-forward) push is retried after refetching and re-applying. */
  maxPushAttempts: number;
}

export type GitUpdateOutcome =
  | { pushed: false /** the checked-out commit */; head: string }
  | {
      pushed: true;
      /** The new commit's sha1. */
      commit: string;
      /** The branch pushed to. */
      branch: string;
      /** The checkout branch's commit the update was applied on. */
      base: string;
      /** Push attempts used (1 when the first push was accepted). */
      attempts: number;
    };
