import { builtinFunctions } from './go-builtins.js';
import type { GoFunctionSpec } from './go-eval.js';
import { Executor } from './go-exec.js';
import { parse } from './go-parser.js';

export type { GoFunction, GoFunctionSpec } from './go-eval.js';

export interface GoTemplate {
  /** Renders the template; throws TemplateError with Go's wording and the line and column of the failing action. */
  execute(data: unknown): string;
}

export interface ParseTemplateOptions {
  /** Functions beyond Go's builtins (Go's `Funcs`); a name here replaces the builtin of that name. */
  functions?: ReadonlyMap<string, GoFunctionSpec>;
}

export function defaultParseTemplateOptions(): ParseTemplateOptions {
  return { functions: new Map() };
}

/**
 * Parses a Go text/template. Data values: objects are structs (fields, promoted through `goEmbedded`; function
 * members are niladic methods), Maps are maps (ranged in Go's sorted key order), arrays are slices.
 * Throws TemplateError (`template: NAME:LINE: ...`) when the text does not parse.
 */
export function parseTemplate(
  name: string,
  text: string,
  options: ParseTemplateOptions = defaultParseTemplateOptions(),
): GoTemplate {
  const functions = new Map([...builtinFunctions, ...(options.functions ?? [])]);
  const root = parse(name, text, new Set(functions.keys()));
  return {
    execute: (data) => new Executor(name, text, functions).run(root, data),
  };
}
