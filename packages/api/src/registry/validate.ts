import type { TObject } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { registerFormats } from '../schema/formats.js';
import { describeError, toFieldPath } from './error-message.js';
import { findKindDefinition } from './kind-registry.js';
import type { KindTypeMap } from './kind-types.js';

export interface ValidationIssue {
  /** Dotted field path, e.g. `spec.sourceRef.kind` or `spec.healthChecks[0].name`. */
  path: string;
  /** A sentence that names the path. */
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

const checks = new Map<string, TypeCheck<TObject>>();

const compiled = (kind: string, schema: TObject): TypeCheck<TObject> => {
  let check = checks.get(kind);
  if (!check) {
    registerFormats();
    check = TypeCompiler.Compile(schema);
    checks.set(kind, check);
  }
  return check;
};

/**
 * Checks an object against the schema of its kind, after filling in the defaults Flux declares. The input is not
 * modified; on success `value` is the defaulted copy. Unknown fields are kept, as the API server would prune them.
 */
export function validate<K extends keyof KindTypeMap>(kind: K, obj: unknown): ValidationResult<KindTypeMap[K]>;
export function validate(kind: string, obj: unknown): ValidationResult<unknown>;
export function validate(kind: string, obj: unknown): ValidationResult<unknown> {
  const definition = findKindDefinition(kind);
  if (!definition) return { ok: false, errors: [{ path: 'kind', message: `kind ${kind} is not a Driftless kind` }] };
  const check = compiled(kind, definition.schema);
  const value = Value.Default(definition.schema, structuredClone(obj));
  if (check.Check(value)) return { ok: true, value };
  const errors: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of check.Errors(value)) {
    const path = toFieldPath(error.path);
    if (seen.has(path)) continue;
    seen.add(path);
    errors.push({ path, message: describeError(error) });
  }
  return { ok: false, errors };
}
