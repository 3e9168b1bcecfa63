import type { Unstructured } from '@driftless/apply';
import { parseHelmYaml, toHelmYaml } from './manifest-yaml.js';

/** An object of the manifest and the template it came from (`mychart/templates/deployment.yaml`). */
export interface SourcedObject {
  object: Unstructured;
  source?: string;
}

const sourceHeader = /(?:^|\n)---[ \t]*\n# Source: ([^\n]*)\n/g;

/** Splits helm's manifest on its `---\n# Source: <path>` headers (as `helm get manifest` does) and parses each part. */
export function parseManifestSources(manifest: string): SourcedObject[] {
  const headers = [...manifest.matchAll(sourceHeader)];
  if (headers.length === 0) return parseHelmYaml(manifest).map((object) => ({ object }));
  const sourced: SourcedObject[] = [];
  const leading = manifest.slice(0, headers[0]!.index);
  for (const object of parseHelmYaml(leading)) sourced.push({ object });
  headers.forEach((header, index) => {
    const start = header.index + header[0].length;
    const end = headers[index + 1]?.index ?? manifest.length;
    const source = header[1]!;
    for (const object of parseHelmYaml(manifest.slice(start, end), source)) sourced.push({ object, source });
  });
  return sourced;
}

/** Writes objects back in helm's manifest layout, one `---` document each, with its `# Source:` line when known. */
export function formatManifest(objects: SourcedObject[]): string {
  return objects
    .map(({ object, source }) => {
      const header = source === undefined ? '---\n' : `---\n# Source: ${source}\n`;
      return `${header}${toHelmYaml(object).trimEnd()}\n`;
    })
    .join('');
}

/** Identifies an object across a post-render, to find its template again. */
export function identityOf(object: Unstructured): string {
  return [object.apiVersion, object.kind, object.metadata.namespace ?? '', object.metadata.name].join('/');
}

/** Gives post-rendered objects back the source path of the object with the same identity. */
export function reattachSources(before: SourcedObject[], after: Unstructured[]): SourcedObject[] {
  const sources = new Map<string, string>();
  for (const { object, source } of before) if (source !== undefined) sources.set(identityOf(object), source);
  return after.map((object) => {
    const source = sources.get(identityOf(object));
    return source === undefined ? { object } : { object, source };
  });
}
