import type { KubeClient } from './kube-client.js';
import { NotFoundError } from './kube-errors.js';
import type { KubeObject, ResourceType } from './resource.js';

export const secretType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
};

interface Secret extends KubeObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** A Secret's values decoded to UTF-8 text, or undefined when the Secret does not exist. */
export async function readSecretData(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string> | undefined> {
  let secret: Secret;
  try {
    secret = await client.get<Secret>(secretType, namespace, name);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {}))
    data[key] = Buffer.from(value, 'base64').toString('utf8');
  return { ...data, ...(secret.stringData ?? {}) };
}
