import { OciUrlInvalidError } from './oci-errors.js';

export interface OciRepositoryAddress {
  /** `host[:port]`, as used in `https://<registry>/v2/…` (Docker Hub's `docker.io` becomes `index.docker.io`). */
  readonly registry: string;
  /** The repository path, e.g. `org/app` (Docker Hub's single-name images get `library/`). */
  readonly repository: string;
}

export const ociScheme = 'oci://';

const dockerHubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** The distribution spec's path component: lower-case alphanumerics joined by `.`, `_`, `__` or dashes. */
const pathComponent = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const hostPattern =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^sha256:[0-9a-f]{64}$/;

/**
 * Splits `oci://<host>[:port]/<repository>` (Flux's `spec.url`) into registry and repository. A tag (`:v1`) or digest
 * (`@sha256:…`) in the URL is rejected, as Flux does: those belong in `spec.ref`.
 */
export function parseOciUrl(url: string): OciRepositoryAddress {
  if (!url.startsWith(ociScheme)) throw new OciUrlInvalidError(url, "must start with 'oci://'");
  const rest = url.slice(ociScheme.length).replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new OciUrlInvalidError(url, "expected 'oci://<host>/<repository>'");
  const host = rest.slice(0, slash);
  let repository = rest.slice(slash + 1);
  if (!hostPattern.test(host)) throw new OciUrlInvalidError(url, `invalid registry host ${JSON.stringify(host)}`);
  if (repository.includes('@')) throw new OciUrlInvalidError(url, 'must not contain a digest; use spec.ref.digest');
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    throw new OciUrlInvalidError(url, `must not contain a tag; remove ':${repository.slice(colon + 1)}'`);
  }
  for (const component of repository.split('/')) {
    if (!pathComponent.test(component)) {
      throw new OciUrlInvalidError(url, `invalid repository path component ${JSON.stringify(component)}`);
    }
  }
  let registry = host;
  if (dockerHubAliases.has(host.toLowerCase())) {
    registry = 'index.docker.io';
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  return { registry, repository };
}

/** True for a tag the distribution spec allows (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`). */
export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag);
}

/** True for `sha256:<64 lower-case hex>`, the only digest algorithm this client verifies. */
export function isValidDigest(digest: string): boolean {
  return digestPattern.test(digest);
}
