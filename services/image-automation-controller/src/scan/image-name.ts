import { ImageReason } from '@driftless/api';
import type { ImageName } from './scan-types.js';

/** `spec.image` cannot name a repository: Flux stalls with ImageURLInvalid until the spec changes. */
export class ImageNameError extends Error {
  override name = 'ImageNameError';
  readonly reason = ImageReason.ImageURLInvalid;
  readonly image: string;

  constructor(image: string, detail: string) {
    super(`invalid image ${JSON.stringify(image)}: ${detail}`);
    this.image = image;
  }
}

/** go-containerregistry's name for Docker Hub, which Flux reports in `status.canonicalImageName`. */
export const dockerHubRegistry = 'index.docker.io';
const dockerHubAliases = new Set(['docker.io', dockerHubRegistry]);
const dockerHubApiHost = 'registry-1.docker.io';
const officialNamespace = 'library';
const maxRepositoryLength = 255;

const hostPattern =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
/** One path component of Docker's reference grammar (lower-case only). */
const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Docker's rule: the first part names a host when it has a `.` or `:`, or is `localhost`. */
function looksLikeHost(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost';
}

function splitHost(image: string): { host: string | undefined; path: string } {
  const slash = image.indexOf('/');
  if (slash < 0) return { host: undefined, path: image };
  const first = image.slice(0, slash);
  return looksLikeHost(first) ? { host: first, path: image.slice(slash + 1) } : { host: undefined, path: image };
}

function rejectReference(image: string, path: string): void {
  const at = path.indexOf('@');
  if (at >= 0) throw new ImageNameError(image, `spec.image must not contain a digest; remove '${path.slice(at)}'`);
  const colon = path.indexOf(':');
  if (colon >= 0) throw new ImageNameError(image, `spec.image must not contain a tag; remove '${path.slice(colon)}'`);
}

function checkRepository(image: string, repository: string): void {
  if (repository.length > maxRepositoryLength) {
    throw new ImageNameError(image, `the repository name is longer than ${maxRepositoryLength} characters`);
  }
  for (const component of repository.split('/')) {
    if (componentPattern.test(component)) continue;
    const hint = component.toLowerCase() !== component ? ' (repository names must be lower-case)' : '';
    throw new ImageNameError(image, `invalid repository path component ${JSON.stringify(component)}${hint}`);
  }
}

/**
 * Parses `spec.image` as Flux does: a repository without tag or digest, normalised the Docker way
 * (`nginx` → `index.docker.io/library/nginx`, `org/app` → `index.docker.io/org/app`,
 * `127.0.0.1:5000/app` stays on that host).
 */
export function parseImageName(image: string): ImageName {
  if (image.trim() === '' || image !== image.trim()) {
    throw new ImageNameError(image, 'spec.image must be a non-empty image name without spaces');
  }
  const scheme = image.indexOf('://');
  if (scheme >= 0) {
    throw new ImageNameError(image, `spec.image must not include a URL scheme; remove '${image.slice(0, scheme)}://'`);
  }
  const { host, path } = splitHost(image);
  rejectReference(image, path);
  if (host !== undefined && !hostPattern.test(host)) {
    throw new ImageNameError(image, `${JSON.stringify(host)} is not a valid registry host[:port]`);
  }
  const registry = host === undefined || dockerHubAliases.has(host) ? dockerHubRegistry : host;
  const repository = registry === dockerHubRegistry && !path.includes('/') ? `${officialNamespace}/${path}` : path;
  checkRepository(image, repository);
  return { registry, repository, canonical: `${registry}/${repository}` };
}

/** The host that serves the registry API (Docker Hub's is not its name). */
export function registryApiHost(name: ImageName): string {
  return name.registry === dockerHubRegistry ? dockerHubApiHost : name.registry;
}
