import type { ResourceType } from '../types.js';
import { definitionsFor } from './definitions.js';
import { memoize } from './memo.js';
import { discoveryPath, resourcePaths } from './operations.js';
import { v3Paths } from './render-v3.js';
import { type ServedDocument, servedDocument } from './served-document.js';

const remembered = memoize<ServedDocument>(64);

const byPlural = (a: ResourceType, b: ResourceType) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0);

export const typesIn = (group: string, version: string, types: ResourceType[]): ResourceType[] =>
  types.filter((t) => t.group === group && t.version === version).sort(byPlural);

function build(group: string, version: string, types: ResourceType[]): Record<string, unknown> {
  const paths = [discoveryPath(group, version), ...types.flatMap(resourcePaths)];
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: v3Paths(paths),
    components: {
      schemas: definitionsFor(types, paths, 'v3'),
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
}

/** The served v3 document of a group version with its hash, or undefined when nothing is served there. */
export function servedV3Document(group: string, version: string, types: ResourceType[]): ServedDocument | undefined {
  const served = typesIn(group, version, types);
  if (served.length === 0) return undefined;
  return remembered(JSON.stringify([group, version, served]), () => servedDocument(build(group, version, served)));
}

/**
 * The OpenAPI v3 document `/openapi/v3/apis/<group>/<version>` serves: every kind's schema (with
 * `x-kubernetes-group-version-kind`) and every operation, PATCH with `fieldValidation` so that kubectl
 * uses server-side field validation. Undefined when the group version serves nothing. Read-only: the
 * same object is returned while the resources stay the same.
 */
export const openApiV3GroupVersion = (group: string, version: string, types: ResourceType[]): object | undefined =>
  servedV3Document(group, version, types)?.document;
