import type { ResourceType } from '../types.js';
import { definitionsFor } from './definitions.js';
import { memoize } from './memo.js';
import { discoveryPath, resourcePaths } from './operations.js';
import { v2Paths } from './render-v2.js';

const remembered = memoize<Record<string, unknown>>(4);

const order = (a: ResourceType, b: ResourceType) => {
  const left = `${a.group}/${a.version}/${a.plural}`;
  const right = `${b.group}/${b.version}/${b.plural}`;
  return left < right ? -1 : left > right ? 1 : 0;
};

function build(types: ResourceType[]): Record<string, unknown> {
  const groupVersions = [...new Map(types.map((t) => [`${t.group}/${t.version}`, t])).values()];
  const paths = [...groupVersions.map((t) => discoveryPath(t.group, t.version)), ...types.flatMap(resourcePaths)];
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: v2Paths(paths),
    definitions: definitionsFor(types, paths, 'v2'),
    security: [{ BearerToken: [] }],
    securityDefinitions: {
      BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
    },
  };
}

/**
 * The Swagger 2.0 document `/openapi/v2` serves: definitions and operations of every resource, with the
 * same `x-kubernetes-*` extensions as v3 (custom resource schemas reduced as the API server reduces them
 * for kubectl's v2 validation). Read-only: the same object is returned while the resources stay the same.
 */
export function openApiV2(types: ResourceType[]): object {
  const sorted = [...types].sort(order);
  return remembered(JSON.stringify(sorted), () => build(sorted));
}
