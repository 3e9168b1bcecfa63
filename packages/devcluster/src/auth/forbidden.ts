import { StatusError } from '../errors.js';
import { type AuthorizationAttributes, isResourceRequest } from './attributes.js';

const quote = (value: string) => JSON.stringify(value);

/** `responsewriters.forbiddenMessage`: the part after `is forbidden: `. */
function denial(attributes: AuthorizationAttributes): string {
  const user = quote(attributes.user.username);
  if (!isResourceRequest(attributes)) {
    return `User ${user} cannot ${attributes.verb} path ${quote(attributes.nonResourcePath ?? '')}`;
  }
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const what = `User ${user} cannot ${attributes.verb} resource ${quote(resource)} in API group ${quote(attributes.apiGroup)}`;
  return attributes.namespace
    ? `${what} in the namespace ${quote(attributes.namespace)}`
    : `${what} at the cluster scope`;
}

/**
 * The message of the API server's 403, word for word:
 * `deployments.apps "web" is forbidden: User "…" cannot get resource "deployments" in API group "apps" in the namespace "…"`.
 */
export function forbiddenMessage(attributes: AuthorizationAttributes, reason = ''): string {
  const detail = reason ? `${denial(attributes)}: ${reason}` : denial(attributes);
  const group = isResourceRequest(attributes) ? attributes.apiGroup : '';
  const resource = isResourceRequest(attributes) ? attributes.resource : '';
  if (!group && !resource) return `forbidden: ${detail}`;
  const qualified = group ? `${resource}.${group}` : resource;
  return attributes.name
    ? `${qualified} ${quote(attributes.name)} is forbidden: ${detail}`
    : `${qualified} is forbidden: ${detail}`;
}

/** The 403 Status the API server answers a denied request with. */
export function forbiddenError(attributes: AuthorizationAttributes, reason = ''): StatusError {
  const resourceRequest = isResourceRequest(attributes);
  const details = {
    ...(attributes.name ? { name: attributes.name } : {}),
    ...(resourceRequest && attributes.apiGroup ? { group: attributes.apiGroup } : {}),
    ...(resourceRequest && attributes.resource ? { kind: attributes.resource } : {}),
  };
  return new StatusError(403, 'Forbidden', forbiddenMessage(attributes, reason), details);
}
