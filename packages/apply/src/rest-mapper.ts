import { type KubeClient, NotFoundError, type ResourceType } from '@driftless/runtime';
import { UnknownKindError } from './apply-errors.js';
import { groupOf } from './objects.js';

/** Finds where a kind lives on the API server (`meta.RESTMapper` of client-go, from discovery). */
export interface RestMapper {
  resourceFor(apiVersion: string, kind: string): Promise<ResourceType>;
  /** Forgets every group/version read so far (after CRDs were applied or removed). */
  reset(): void;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

type KindTable = Map<string, ResourceType>;

/**
 * A discovery-backed mapper that reads each group/version once (`/api/v1`, `/apis/<group>/<version>`)
 * and, when a kind is missing, reads that group/version once more: a CRD applied a moment ago is
 * served by then.
 */
export function createRestMapper(client: KubeClient): RestMapper {
  const cache = new Map<string, Promise<KindTable>>();

  const load = (apiVersion: string): Promise<KindTable> => {
    const table = readGroupVersion(client, apiVersion);
    cache.set(apiVersion, table);
    table.catch(() => {
      if (cache.get(apiVersion) === table) cache.delete(apiVersion);
    });
    return table;
  };

  return {
    async resourceFor(apiVersion, kind) {
      const cached = cache.get(apiVersion);
      const first = cached ?? load(apiVersion);
      let type = (await first).get(kind);
      if (!type && cached) {
        // Someone else may have re-read it while we waited; share that read.
        const current = cache.get(apiVersion);
        type = (await (current && current !== first ? current : load(apiVersion))).get(kind);
      }
      if (!type) throw new UnknownKindError(apiVersion, kind);
      return type;
    },
    reset() {
      cache.clear();
    },
  };
}

async function readGroupVersion(client: KubeClient, apiVersion: string): Promise<KindTable> {
  const group = groupOf(apiVersion);
  const version = group ? apiVersion.slice(group.length + 1) : apiVersion;
  const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const table: KindTable = new Map();
  let list: { resources?: ApiResource[] };
  try {
    list = await client.request({ method: 'GET', path, subject: apiVersion, verb: 'discovery' });
  } catch (error) {
    if (error instanceof NotFoundError) return table;
    throw error;
  }
  for (const resource of list.resources ?? []) {
    if (resource.name.includes('/')) continue;
    table.set(resource.kind, {
      group,
      version,
      kind: resource.kind,
      plural: resource.name,
      namespaced: resource.namespaced,
    });
  }
  return table;
}
