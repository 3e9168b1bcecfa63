import type { FieldValidation, WriteOptions } from '../context.js';
import { badRequest } from '../errors.js';

export type Query = Record<string, string | undefined>;

/** Query strings as the API server reads them: the last value wins for repeated keys. */
export function parseQuery(url: string): Query {
  const index = url.indexOf('?');
  const query: Query = {};
  if (index < 0) return query;
  for (const [key, value] of new URLSearchParams(url.slice(index + 1))) query[key] = value;
  return query;
}

const truthy = (value: string | undefined) => value === 'true' || value === '1';

export function booleanParam(query: Query, name: string): boolean {
  return truthy(query[name]);
}

export function integerParam(query: Query, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw badRequest(`invalid ${name} value: "${value}"`);
  return parsed;
}

/** `unknown-agent/1.2 (linux)` → `unknown-agent`, the API server's default field manager. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const slash = userAgent.indexOf('/');
  return (slash >= 0 ? userAgent.slice(0, slash) : userAgent).slice(0, 128) || 'unknown';
}

export function writeOptions(
  query: Query,
  userAgent: string | undefined,
  defaultValidation: FieldValidation,
): WriteOptions {
  const dryRun = query.dryRun;
  if (dryRun !== undefined && dryRun !== 'All')
    throw badRequest(`dryRun: Unsupported value: "${dryRun}": supported values: "All"`);
  const validation = query.fieldValidation ?? defaultValidation;
  if (!['Strict', 'Warn', 'Ignore'].includes(validation)) {
    throw badRequest(
      `fieldValidation: Unsupported value: "${validation}": supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  return {
    dryRun: dryRun === 'All',
    fieldManager: query.fieldManager ?? managerFromUserAgent(userAgent),
    fieldValidation: validation as FieldValidation,
  };
}
