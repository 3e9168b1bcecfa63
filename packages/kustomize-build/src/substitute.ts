import type { KustomizationSpec } from '@driftless/api';
import { parse, parseDocument, stringify } from 'yaml';
import { EnvsubstSyntaxError, expand, type VariableLookup, VariableNotSetError } from './envsubst.js';
import { SubstituteError, SubstituteSourceError } from './errors.js';

/** The label or annotation that opts an object out of substitution, with the value `disabled`. */
export const substituteOptOutKey = 'kustomize.toolkit.fluxcd.io/substitute';
export const substituteDisabledValue = 'disabled';

/** Flux's rule for variable names (`^[_[:alpha:]][_[:alpha:][:digit:]]*$`). */
export const variableNamePattern = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

export interface SubstituteOptions {
  /** Fail on a variable that is used without a default and not defined, instead of substituting ''. */
  strict: boolean;
}

export function defaultSubstituteOptions(): SubstituteOptions {
  return { strict: false };
}

export type ManifestObject = Record<string, unknown>;

/**
 * Flux's postBuild substitution. Each object is handled on its own YAML text: objects labelled or annotated
 * `kustomize.toolkit.fluxcd.io/substitute: disabled` are left as they are, the others have their `${...}`
 * expressions expanded (see `envsubst.ts`) and are parsed again, so a substituted `3` becomes a number. With no
 * variables at all nothing is substituted, as in Flux. Variable names must match `variableNamePattern`.
 *
 * Text in (kustomize's multi-document output) gives text out, split on `---` lines; objects in give objects out.
 */
export function substituteVariables(
  input: string,
  variables: Readonly<Record<string, string>>,
  options?: SubstituteOptions,
): string;
export function substituteVariables(
  input: readonly ManifestObject[],
  variables: Readonly<Record<string, string>>,
  options?: SubstituteOptions,
): ManifestObject[];
export function substituteVariables(
  input: string | readonly ManifestObject[],
  variables: Readonly<Record<string, string>>,
  options: SubstituteOptions = defaultSubstituteOptions(),
): string | ManifestObject[] {
  const names = Object.keys(variables);
  if (names.length === 0) return typeof input === 'string' ? input : [...input];
  const invalid = names.find((name) => !variableNamePattern.test(name));
  if (invalid !== undefined) {
    throw new SubstituteError(`'${invalid}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'`);
  }
  const lookup = lookupIn(variables, options);
  if (typeof input === 'string') return substituteText(input, lookup);
  return input.map((object) => substituteObject(object, lookup));
}

function lookupIn(variables: Readonly<Record<string, string>>, options: SubstituteOptions): VariableLookup {
  return (name) => {
    const exists = Object.hasOwn(variables, name);
    return { value: exists ? variables[name]! : '', exists: exists || !options.strict };
  };
}

function substituteObject(object: ManifestObject, lookup: VariableLookup): ManifestObject {
  if (isOptedOut(object)) return object;
  const text = stringify(object, { lineWidth: 0 });
  const parsed: unknown = parse(expandFor(object, text, lookup));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SubstituteError(`${subjectOf(object)}: substitution did not produce an object`);
  }
  return parsed as ManifestObject;
}

function substituteText(text: string, lookup: VariableLookup): string {
  return splitDocuments(text)
    .map((chunk) => {
      if (chunk.separator || chunk.text.trim() === '') return chunk.text;
      const document = parseDocument(chunk.text);
      const object: unknown = document.errors.length === 0 ? document.toJS() : undefined;
      if (object === null || typeof object !== 'object' || Array.isArray(object)) return chunk.text;
      if (isOptedOut(object as ManifestObject)) return chunk.text;
      const result = expandFor(object as ManifestObject, chunk.text, lookup);
      const reparsed = parseDocument(result);
      if (reparsed.errors.length > 0) {
        throw new SubstituteError(
          `${subjectOf(object as ManifestObject)}: the substituted YAML is invalid: ${reparsed.errors[0]!.message.split('\n')[0]}`,
        );
      }
      return result;
    })
    .join('');
}

function expandFor(object: ManifestObject, text: string, lookup: VariableLookup): string {
  try {
    return expand(text, lookup);
  } catch (error) {
    if (error instanceof EnvsubstSyntaxError || error instanceof VariableNotSetError) {
      throw new SubstituteError(`${subjectOf(object)}: variable substitution failed: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Splits multi-document YAML on `---` lines, keeping separators as their own chunks so joining restores it. */
function splitDocuments(text: string): { text: string; separator: boolean }[] {
  const chunks: { text: string; separator: boolean }[] = [];
  let current = '';
  for (const line of text.split(/(?<=\n)/)) {
    if (/^---[ \t]*\r?\n?$/.test(line)) {
      chunks.push({ text: current, separator: false }, { text: line, separator: true });
      current = '';
    } else {
      current += line;
    }
  }
  chunks.push({ text: current, separator: false });
  return chunks;
}

function isOptedOut(object: ManifestObject): boolean {
  const metadata = (object.metadata ?? {}) as {
    labels?: Record<string, unknown>;
    annotations?: Record<string, unknown>;
  };
  return (
    metadata.labels?.[substituteOptOutKey] === substituteDisabledValue ||
    metadata.annotations?.[substituteOptOutKey] === substituteDisabledValue
  );
}

function subjectOf(object: ManifestObject): string {
  const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const kind = typeof object.kind === 'string' ? object.kind : '<unknown kind>';
  const name = typeof metadata.name === 'string' ? metadata.name : '<unnamed>';
  return typeof metadata.namespace === 'string' && metadata.namespace
    ? `${kind}/${metadata.namespace}/${name}`
    : `${kind}/${name}`;
}

export type PostBuild = KustomizationSpec['postBuild'];

/** Reads substitution sources; each returns the object's `data` (Secret data base64-encoded), or undefined if missing. */
export interface VariableReaders {
  getConfigMap(
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined> | Record<string, string> | undefined;
  getSecret(
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined> | Record<string, string> | undefined;
}

/**
 * The variables of a Kustomization's postBuild, as Flux loads them: the `substituteFrom` ConfigMaps and Secrets
 * of `namespace` in order (a later source wins), then the inline `substitute` map, which wins over all. Newlines
 * are removed from every value. A missing source fails with `SubstituteSourceError` unless it is optional.
 */
export async function collectVariables(
  postBuild: PostBuild,
  readers: VariableReaders,
  namespace: string,
): Promise<Record<string, string>> {
  const variables = new Map<string, string>();
  for (const source of postBuild?.substituteFrom ?? []) {
    const subject = `${source.kind}/${namespace}/${source.name}`;
    let data: Record<string, string> | undefined;
    try {
      data =
        source.kind === 'Secret'
          ? decodeSecretData(await readers.getSecret(namespace, source.name))
          : await readers.getConfigMap(namespace, source.name);
    } catch (error) {
      throw new SubstituteSourceError(subject, `could not be read: ${(error as Error).message}`, { cause: error });
    }
    if (data === undefined) {
      if (source.optional) continue;
      throw new SubstituteSourceError(subject, 'not found');
    }
    for (const [key, value] of Object.entries(data)) variables.set(key, stripNewlines(value));
  }
  for (const [key, value] of Object.entries(postBuild?.substitute ?? {})) variables.set(key, stripNewlines(value));
  return Object.fromEntries(variables);
}

function decodeSecretData(data: Record<string, string> | undefined): Record<string, string> | undefined {
  if (data === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
}

function stripNewlines(value: string): string {
  return value.replaceAll('\n', '');
}
