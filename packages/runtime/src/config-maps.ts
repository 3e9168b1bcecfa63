import type { KubeClient } from './kube-client.js';
import { NotFoundError } from './kube-errors.js';
import type { KubeObject, ResourceType } from './resource.js';

export const configMapType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
};

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

/** A ConfigMap's text data, or undefined when the ConfigMap does not exist. */
export async function readConfigMapData(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string> | undefined> {
  try {
    return (await client.get<ConfigMap>(configMapType, namespace, name)).data ?? {};
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
