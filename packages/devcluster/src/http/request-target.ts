import type { Target } from '../context.js';
import { StatusError } from '../errors.js';
import type { ResourceRegistry } from '../registry.js';

export interface ParsedPath {
  group: string;
  version: string;
  target: Target;
  /** `/api/v1/watch/...`: the legacy watch form. */
  legacyWatch: boolean;
}

const notFoundPage = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

/** `/api/v1/namespaces/ns/pods/name/status` → the resource type, namespace, name, subresource. */
export function parseResourcePath(path: string, registry: ResourceRegistry): ParsedPath | undefined {
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 2) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  if (rest.length === 0) return undefined;
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && registry.byResource(group, version, rest[2])?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const type = registry.byResource(group, version, plural);
  if (!type || extra.length > 0) throw notFoundPage();
  if (namespace !== undefined && !type.namespaced) throw notFoundPage();
  if (subresource && subresource !== 'status' && subresource !== 'scale' && subresource !== 'finalize')
    throw notFoundPage();
  if (subresource === 'status' && !type.subresources.status) throw notFoundPage();
  if (subresource === 'scale' && !type.subresources.scale) throw notFoundPage();
  return { group, version, target: { type, namespace, name, subresource }, legacyWatch };
}
