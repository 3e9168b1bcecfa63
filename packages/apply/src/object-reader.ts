import { type KubeClient, NotFoundError, type ResourceType } from '@driftless/runtime';
import { type ObjectRef, subjectOf, type Unstructured } from './objects.js';

/** Finds where a kind is served: the REST mapper. */
export interface ResourceResolver {
  resourceFor(apiVersion: string, kind: string): Promise<ResourceType>;
}

export type ObjectReadRef = ObjectRef & { apiVersion?: string };

/** Reads one object's current state, from the API server or from a watch cache. */
export interface ObjectReader {
  /** The object, or undefined when it does not exist. */
  get(ref: ObjectReadRef): Promise<Unstructured | undefined>;
}

export class ObjectReadError extends Error {
  override name = 'ObjectReadError';
}

/** An ObjectReader that GETs every object from the API server. */
export function createApiReader(client: KubeClient, resolver: ResourceResolver): ObjectReader {
  return {
    async get(ref) {
      if (!ref.apiVersion) {
        throw new ObjectReadError(`${subjectOf(ref)}: an apiVersion is needed to read it from the API server`);
      }
      const type = await resolver.resourceFor(ref.apiVersion, ref.kind);
      try {
        return await client.get<Unstructured>(type, type.namespaced ? ref.namespace : undefined, ref.name);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  };
}
