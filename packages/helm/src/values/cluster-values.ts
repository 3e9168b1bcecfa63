import { type KubeClient, readConfigMapData, readSecretData } from '@driftless/runtime';
import type { ReadValuesKey } from './compose-values.js';

/** Reads valuesFrom keys from the ConfigMaps and Secrets of one namespace. */
export function clusterValuesReader(client: KubeClient, namespace: string): ReadValuesKey {
  return async (kind, name, key) => {
    const data =
      kind === 'Secret'
        ? await readSecretData(client, namespace, name)
        : await readConfigMapData(client, namespace, name);
    return data?.[key];
  };
}
