import type { FluxEvent } from '@driftless/api';
import { eventRevision } from '../event-text.js';

const SHA1_HEX = /^[0-9a-f]{40}$/i;

/**
 * The git commit a Flux revision names, or undefined when it names none. Accepted, as Flux's
 * `git.ExtractHashFromRevision` reads them (but only with a full SHA-1):
 * `main@sha1:<hex>`, `v1.0.0@sha1:<hex>`, `feature/x@sha1:<hex>`, `sha1:<hex>`,
 * the legacy `main/<hex>` and a bare `<hex>`. OCI and bucket digests (`sha256:`) are not commits.
 */
export function commitShaFromRevision(revision: string | undefined): string | undefined {
  const value = revision?.trim();
  if (!value) return undefined;
  const colon = value.lastIndexOf(':');
  if (colon !== -1) {
    const algorithm = value.slice(value.lastIndexOf('@', colon) + 1, colon);
    return algorithm === 'sha1' ? sha1(value.slice(colon + 1)) : undefined;
  }
  return sha1(value.slice(value.lastIndexOf('/') + 1));
}

/**
 * The revision to put a commit status on: `originRevision` (the git commit an OCI artifact was built
 * from) before `revision`, as Flux's `Event.GetRevision` does.
 */
export function commitRevision(event: FluxEvent): string | undefined {
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (key === 'originRevision' || key.endsWith('/originRevision')) return value;
  }
  return eventRevision(event);
}

/** The commit an event is about, or undefined when it carries no git commit. */
export function eventCommitSha(event: FluxEvent): string | undefined {
  return commitShaFromRevision(commitRevision(event));
}

function sha1(candidate: string): string | undefined {
  return SHA1_HEX.test(candidate) ? candidate.toLowerCase() : undefined;
}
