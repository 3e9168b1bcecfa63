import { parseAllDocuments } from 'yaml';
import { ManifestError } from './apply-errors.js';
import type { Unstructured } from './objects.js';

export interface ParseManifestsOptions {
  /** Where the text came from (a path relative to the artifact root), for error messages. */
  origin?: string;
}

/**
 * Reads multi-document YAML into objects: empty documents are skipped and `List` kinds
 * (`kind: List`, `ConfigMapList`, …) are flattened into their items.
 */
export function parseManifests(text: string, options: ParseManifestsOptions = {}): Unstructured[] {
  const objects: Unstructured[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    const where = describeDocument(options.origin, index);
    if (document.errors.length > 0) {
      const first = document.errors[0]!;
      throw new ManifestError(`${where}: invalid YAML: ${first.message}`, options.origin, index, { cause: first });
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    if (isList(value)) {
      if (!Array.isArray(value.items ?? [])) {
        throw new ManifestError(`${where}: ${value.kind} items is not a list`, options.origin, index);
      }
      for (const item of (value.items ?? []) as unknown[])
        objects.push(checkObject(item, where, options.origin, index));
    } else {
      objects.push(checkObject(value, where, options.origin, index));
    }
  });
  return objects;
}

/** `kind: List`, or a typed list (`ConfigMapList`) that carries items; a custom kind named `…List` is left alone. */
function isList(value: unknown): value is { kind: string; items?: unknown } {
  if (!isRecord(value) || typeof value.kind !== 'string') return false;
  return value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items));
}

function checkObject(value: unknown, where: string, origin: string | undefined, index: number): Unstructured {
  if (!isRecord(value)) throw new ManifestError(`${where}: not a Kubernetes object (a mapping)`, origin, index);
  const missing: string[] = [];
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') missing.push('apiVersion');
  if (typeof value.kind !== 'string' || value.kind === '') missing.push('kind');
  const metadata = value.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') missing.push('metadata.name');
  if (missing.length > 0) {
    const kind = typeof value.kind === 'string' && value.kind ? `${value.kind} ` : '';
    throw new ManifestError(`${where}: ${kind}object has no ${missing.join(', ')}`, origin, index);
  }
  return value as Unstructured;
}

function describeDocument(origin: string | undefined, index: number): string {
  return origin ? `${origin}: document ${index + 1}` : `document ${index + 1}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
