import { type KubeClient, type KubeObject, NotFoundError, type ResourceType } from '@driftless/runtime';

const configMapType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
};
const secretType: ResourceType = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

interface DataObject extends KubeObject {
  data?: Record<string, string>;
}

async function readData(client: KubeClient, type: ResourceType, namespace: string, name: string) {
  try {
    return (await client.get<DataObject>(type, namespace, name)).data ?? {};
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** A ConfigMap's data, or undefined when it does not exist. */
export function readConfigMapData(client: KubeClient, namespace: string, name: string) {
  return readData(client, configMapType, namespace, name);
}

/** A Secret's data as stored (base64 values), or undefined when it does not exist. */
export function readSecretData(client: KubeClient, namespace: string, name: string) {
  return readData(client, secretType, namespace, name);
}
