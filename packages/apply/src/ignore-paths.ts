import { groupOf, type Unstructured } from './objects.js';

export interface IgnoreRule {
  paths: string[];
  target?: Record<string, unknown>;
}

/** Kustomize's selector semantics: every field given must match; name and namespace are anchored regexps. */
export function matchesTarget(object: Unstructured, target: Record<string, unknown> | undefined): boolean {
  if (!target) return true;
  const [group, version] = object.apiVersion.includes('/')
    ? [groupOf(object.apiVersion), object.apiVersion.split('/')[1]]
    : ['', object.apiVersion];
  const checks: Array<[unknown, string | undefined]> = [
    [target.group, group],
    [target.version, version],
    [target.kind, object.kind],
  ];
  if (checks.some(([want, have]) => typeof want === 'string' && want !== have)) return false;
  for (const [field, value] of [
    ['name', object.metadata.name],
    ['namespace', object.metadata.namespace ?? ''],
  ] as const) {
    const pattern = target[field];
    if (typeof pattern === 'string' && !new RegExp(`^(?:${pattern})$`).test(value)) return false;
  }
  return matchesLabels(object.metadata.labels ?? {}, target.labelSelector);
}

function matchesLabels(labels: Record<string, string>, selector: unknown): boolean {
  if (typeof selector !== 'string' || selector.trim() === '') return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split(/!?=/).map((part) => part.trim());
    if (value === undefined) return key !== undefined && key in labels;
    return term.includes('!=') ? labels[key!] !== value : labels[key!] === value;
  });
}

function pointerTokens(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new Error(`ignore path "${pointer}" is not a JSON pointer (e.g. /spec/replicas)`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function readPointer(root: unknown, tokens: string[]): { found: boolean; value?: unknown } {
  let current = root;
  for (const token of tokens) {
    if (current === null || typeof current !== 'object' || !(token in current)) return { found: false };
    current = (current as Record<string, unknown>)[token];
  }
  return { found: true, value: current };
}

function writePointer(root: Record<string, unknown>, tokens: string[], value: unknown): void {
  let current: Record<string, unknown> = root;
  for (const token of tokens.slice(0, -1)) {
    const next = current[token];
    if (next === null || typeof next !== 'object') current[token] = {};
    current = current[token] as Record<string, unknown>;
  }
  current[tokens[tokens.length - 1]!] = structuredClone(value);
}

/**
 * Fields under an ignore rule keep the value the cluster has: the desired object takes the live value,
 * so applying it changes nothing there and the dry-run sees no drift in them.
 */
export function keepIgnoredFields(desired: Unstructured, live: Unstructured | undefined, rules: readonly IgnoreRule[]) {
  if (!live) return desired;
  let result = desired;
  for (const rule of rules) {
    if (!matchesTarget(desired, rule.target)) continue;
    for (const path of rule.paths) {
      const tokens = pointerTokens(path);
      const liveField = readPointer(live, tokens);
      if (!liveField.found) continue;
      if (result === desired) result = structuredClone(desired);
      writePointer(result, tokens, liveField.value);
    }
  }
  return result;
}
