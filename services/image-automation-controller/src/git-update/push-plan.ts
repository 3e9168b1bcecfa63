import { GitUpdateConfigError } from './git-update-errors.js';
import type { PushTarget } from './git-update-types.js';

/** Where the commit goes: one fixed branch, or a branch per change named after its changeId. */
export type PushDestination =
  | { kind: 'branch'; branch: string /** differs from the checkout branch (Flux "switch branch") */; switched: boolean }
  | { kind: 'prefix'; prefix: string };

export function pushDestination(push: PushTarget, checkoutBranch: string): PushDestination {
  const branch = nonEmpty(push.branch);
  const prefix = nonEmpty(push.branchPrefix);
  if (branch !== undefined && prefix !== undefined) {
    throw new GitUpdateConfigError("push 'branch' and 'branchPrefix' cannot be used together");
  }
  if (prefix !== undefined) return { kind: 'prefix', prefix };
  const target = branch ?? checkoutBranch;
  return { kind: 'branch', branch: target, switched: target !== checkoutBranch };
}

export interface Refspec {
  /** Local ref (or `HEAD`) whose commit is pushed. */
  src: string;
  /** Full remote ref name. */
  dst: string;
}

/** Parses `spec.git.push.refspec`; like Flux, force (`+src:dst`) and deletion (`:dst`) refspecs are refused. */
export function parseRefspec(refspec: string): Refspec {
  const spec = refspec.trim();
  if (spec.startsWith('+')) {
    throw new GitUpdateConfigError(`refspec '${spec}' is not supported: force refspecs ('+') cannot be pushed`);
  }
  const colon = spec.indexOf(':');
  const src = colon < 0 ? spec : spec.slice(0, colon);
  const dst = colon < 0 ? spec : spec.slice(colon + 1);
  if (src === '')
    throw new GitUpdateConfigError(`refspec '${spec}' is not supported: deletion refspecs have no source`);
  if (dst === '' || dst.includes(':') || /\s/.test(spec)) {
    throw new GitUpdateConfigError(`refspec '${spec}' is not a valid <src>:<dst> refspec`);
  }
  return { src, dst: dst.startsWith('refs/') ? dst : `refs/heads/${dst}` };
}

/** `key=value` push options in a stable order (go-git sends every option as `key=value`, as Flux does). */
export function pushOptionList(options: Record<string, string> | undefined): string[] {
  return Object.entries(options ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
