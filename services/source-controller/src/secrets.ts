import type { KubeClient, KubeObject, ResourceType } from '@driftless/runtime';
import { NotFoundError, TransientError } from '@driftless/runtime';

const secretType: ResourceType = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/**
 * The decoded data of a Secret referenced by a source (`spec.secretRef` and friends). A missing
 * Secret is an AuthenticationFailed error that is retried: it may be created after the source.
 */
export async function readSecretData(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string>> {
  let secret: Secret;
  try {
    secret = await client.get<Secret>(secretType, namespace, name);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new TransientError('AuthenticationFailed', `secret '${namespace}/${name}' not found`, { cause: error });
    }
    throw error;
  }
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {}))
    data[key] = Buffer.from(value, 'base64').toString('utf8');
  return { ...data, ...(secret.stringData ?? {}) };
}
