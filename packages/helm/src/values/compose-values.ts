import { parseAllDocuments } from 'yaml';
import type { Values } from '../release/release.js';
import { isValuesMap, mergeValues } from './merge-values.js';
import { setTargetPath } from './target-path.js';
import { ValuesReferenceError, ValuesReferenceReason } from './values-reference-error.js';

/** One HelmRelease `spec.valuesFrom` entry. */
export interface ValuesReference {
  kind: string;
  name: string;
  /** Defaults to `values.yaml`. */
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
}

export type ValuesSourceKind = 'ConfigMap' | 'Secret';

/** The text of a key of a ConfigMap or Secret in the release's namespace, undefined when the object or key is missing. */
export type ReadValuesKey = (kind: ValuesSourceKind, name: string, key: string) => Promise<string | undefined>;

const defaultValuesKey = 'values.yaml';

/**
 * A HelmRelease's values as Flux composes them (`ChartValuesFromReferences`): every `valuesFrom` entry in order
 * (a whole YAML map merged in, or with `targetPath` one value set at that path), then `spec.values` on top. As in
 * Flux, a `targetPath` value is set after `spec.values` was merged in, into subtrees shared with it, so where
 * `spec.values` holds the same path the referenced value wins.
 */
export async function composeValues(
  read: ReadValuesKey,
  references: readonly ValuesReference[] | undefined,
  values: Values | null | undefined,
): Promise<Values> {
  const specValues: Values = values ? structuredClone(values) : {};
  let result: Values = {};
  for (const reference of references ?? []) {
    const key = reference.valuesKey || defaultValuesKey;
    const text = await readReference(read, reference, key);
    if (text === undefined) continue;
    if (reference.targetPath) {
      result = mergeValues(result, specValues);
      setAtTargetPath(result, reference, key, text);
      continue;
    }
    result = mergeValues(result, parseValuesDocument(text, { kind: reference.kind, name: reference.name, key }));
  }
  return mergeValues(result, specValues);
}

async function readReference(
  read: ReadValuesKey,
  reference: ValuesReference,
  key: string,
): Promise<string | undefined> {
  const subject = { kind: reference.kind, name: reference.name, key };
  if (reference.kind !== 'ConfigMap' && reference.kind !== 'Secret') {
    throw new ValuesReferenceError(subject, ValuesReferenceReason.UnsupportedKind);
  }
  const text = await read(reference.kind, reference.name, key);
  if (text === undefined && !reference.optional) {
    throw new ValuesReferenceError(
      subject,
      ValuesReferenceReason.NotFound,
      `the ${reference.kind} or its key is missing`,
    );
  }
  return text;
}

function setAtTargetPath(result: Values, reference: ValuesReference, key: string, text: string): void {
  try {
    setTargetPath(result, reference.targetPath!, text);
  } catch {
    // The parser's message may quote the value; only the path is named.
    throw new ValuesReferenceError(
      { kind: reference.kind, name: reference.name, key },
      ValuesReferenceReason.MergeFailed,
      `the value cannot be set at targetPath '${reference.targetPath}'`,
    );
  }
}

/**
 * Helm's `chartutil.ReadValues` (YAML 1.1 as go-yaml v2 reads it, timestamps kept as text): a map, or nothing.
 * Errors give the YAML error's code and position, never the text around it.
 */
export function parseValuesDocument(text: string, subject: { kind: string; name: string; key: string }): Values {
  const [document] = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  if (document === undefined) return {};
  if (!('errors' in document) || document.errors.length > 0) {
    const error = 'errors' in document ? document.errors[0] : undefined;
    const position = error?.linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    throw new ValuesReferenceError(
      subject,
      ValuesReferenceReason.InvalidValues,
      `invalid YAML (${error?.code ?? 'unknown'})${where}`,
    );
  }
  const parsed: unknown = document.toJS({ maxAliasCount: 1000 });
  if (parsed === null || parsed === undefined) return {};
  if (!isValuesMap(parsed)) {
    const what = Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`;
    throw new ValuesReferenceError(subject, ValuesReferenceReason.InvalidValues, `the document is ${what}, not a map`);
  }
  return parsed;
}
