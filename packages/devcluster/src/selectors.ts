import { badRequest } from './errors.js';
import type { KubeObject } from './types.js';

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> };

export interface LabelSelector {
  readonly requirements: Requirement[];
}

const keyPattern = /^([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

/** Parses the label selector syntax of `?labelSelector=` (equality and set-based). */
export function parseLabelSelector(selector: string | undefined): LabelSelector {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(selector ?? '')) {
    const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (setMatch) {
      const values = new Set(setMatch[3].split(',').map((v) => v.trim()));
      requirements.push({ op: setMatch[2] as 'in' | 'notin', key: checkKey(setMatch[1], selector!), values });
      continue;
    }
    const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (equality) {
      const op = equality[2] === '!=' ? 'notin' : 'in';
      requirements.push({ op, key: checkKey(equality[1], selector!), values: new Set([equality[3]]) });
      continue;
    }
    if (part.startsWith('!')) {
      requirements.push({ op: 'notexists', key: checkKey(part.slice(1).trim(), selector!) });
      continue;
    }
    requirements.push({ op: 'exists', key: checkKey(part, selector!) });
  }
  return { requirements };
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const requirement of selector.requirements) {
    const value = labels?.[requirement.key];
    switch (requirement.op) {
      case 'exists':
        if (value === undefined) return false;
        break;
      case 'notexists':
        if (value !== undefined) return false;
        break;
      case 'in':
        if (value === undefined || !requirement.values.has(value)) return false;
        break;
      case 'notin':
        if (value !== undefined && requirement.values.has(value)) return false;
        break;
    }
  }
  return true;
}

export interface FieldSelector {
  readonly terms: { path: string; value: string; negate: boolean }[];
}

/** Parses `?fieldSelector=` (`=`, `==`, `!=` joined by commas). */
export function parseFieldSelector(selector: string | undefined): FieldSelector {
  const terms: FieldSelector['terms'] = [];
  for (const part of splitTopLevel(selector ?? '')) {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(part);
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    terms.push({ path: match[1].trim(), value: match[3].trim(), negate: match[2] === '!=' });
  }
  return { terms };
}

function fieldValue(object: KubeObject, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  return String(current);
}

export function matchesFields(selector: FieldSelector, object: KubeObject): boolean {
  for (const term of selector.terms) {
    const equal = fieldValue(object, term.path) === term.value;
    if (equal === term.negate) return false;
  }
  return true;
}

export const matchesEverything = (label: LabelSelector, field: FieldSelector): boolean =>
  label.requirements.length === 0 && field.terms.length === 0;
