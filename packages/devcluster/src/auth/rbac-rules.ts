import { type AuthorizationAttributes, isResourceRequest } from './attributes.js';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const all = '*';

const verbMatches = (rule: PolicyRule, verb: string) => (rule.verbs ?? []).some((v) => v === all || v === verb);

const apiGroupMatches = (rule: PolicyRule, group: string) =>
  (rule.apiGroups ?? []).some((g) => g === all || g === group);

/** Matches `*`, `resource`, `resource/subresource` and `*\/subresource`. */
function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (r) => r === all || r === combined || (subresource !== '' && r === `*/${subresource}`),
  );
}

const resourceNameMatches = (rule: PolicyRule, name: string) =>
  !rule.resourceNames?.length || rule.resourceNames.includes(name);

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (url) => url === all || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))),
  );
}

/** `rbac.RuleAllows`. */
export function ruleAllows(attributes: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if (!isResourceRequest(attributes)) return nonResourceURLMatches(rule, attributes.nonResourcePath ?? '');
  const subresource = attributes.subresource ?? '';
  const combined = subresource ? `${attributes.resource}/${subresource}` : attributes.resource;
  return (
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, combined, subresource) &&
    resourceNameMatches(rule, attributes.name ?? '')
  );
}
