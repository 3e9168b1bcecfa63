import type { KubeClient } from '@driftless/runtime';
import { readSecretData as readSecret, TransientError } from '@driftless/runtime';

/**
 * The decoded data of a Secret referenced by a source (`spec.secretRef` and friends). A missing
 * Secret is an AuthenticationFailed error that is retried: it may be created after the source.
 */
export async function readSecretData(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Record<string, string>> {
  const data = await readSecret(client, namespace, name);
  if (!data) throw new TransientError('AuthenticationFailed', `secret '${namespace}/${name}' not found`);
  return data;
}
