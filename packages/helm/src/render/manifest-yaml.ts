import { ManifestError, parseManifests, type Unstructured } from '@driftless/apply';
import {
  type CreateNodeOptions,
  type DocumentOptions,
  type ParseOptions,
  parseAllDocuments,
  type SchemaOptions,
  stringify,
  type Tags,
  type ToStringOptions,
} from 'yaml';

/**
 * helm and Kubernetes read manifests with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1): unquoted `yes`/`on`
 * are booleans and `0777` is octal, but `12:30` and `2001-12-14` stay strings. Reading with the
 * same rules gives the objects helm would send; writing with them quotes every ambiguous string.
 */
const goIntWithOPrefix = {
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  default: true,
  test: /^[-+]?0[oO][0-7_]+$/,
  resolve: (text: string) => {
    const sign = text.startsWith('-') ? -1 : 1;
    return sign * Number.parseInt(text.replace(/^[-+]?0[oO]/, '').replaceAll('_', ''), 8);
  },
};

const readOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: Tags) => [...tags.filter((tag) => !isStringInGo(tag)), goIntWithOPrefix],
};

/** Writing keeps every 1.1 tag so that strings any of them would match get quoted. */
const writeOptions: CreateNodeOptions & DocumentOptions & SchemaOptions & ToStringOptions = {
  version: '1.1',
  customTags: (tags: Tags) => [...tags, goIntWithOPrefix],
  lineWidth: 0,
  aliasDuplicateObjects: false,
};

function isStringInGo(tag: Tags[number]): boolean {
  if (typeof tag !== 'object' || tag === null) return false;
  const { tag: name, format } = tag as { tag?: string; format?: string };
  return name === 'tag:yaml.org,2002:timestamp' || format === 'TIME';
}

/** Parses YAML the way helm does; empty documents are skipped, `List` kinds flattened. */
export function parseHelmYaml(text: string, origin?: string): Unstructured[] {
  const documents = parseAllDocuments(text, readOptions);
  documents.forEach((document, index) => {
    const first = document.errors[0];
    if (!first) return;
    const where = `${origin ?? 'manifest'}: document ${index + 1}`;
    throw new ManifestError(`${where}: invalid YAML: ${first.message}`, origin, index, { cause: first });
  });
  const asJson = documents.map((document) => JSON.stringify(document.toJS() ?? null)).join('\n---\n');
  return parseManifests(asJson, origin === undefined ? {} : { origin });
}

/** Parses a YAML document holding one value (a values file). */
export function parseHelmValues(text: string): unknown {
  const [document] = parseAllDocuments(text, readOptions);
  if (!document) return null;
  if (document.errors.length > 0) throw document.errors[0];
  return document.toJS();
}

export function toHelmYaml(value: unknown): string {
  return stringify(value, writeOptions);
}
