import { ImageReason, type ImageRepositorySpec } from '@driftless/api';
import { credentialsFromDockerConfig, OciAuthenticationError, type RegistryCredentials } from '@driftless/oci';
import { type KubeClient, readSecretData } from '@driftless/runtime';
import { parseImageName } from './image-name.js';
import type { RegistryAccess } from './scan-types.js';

/** The Secrets of an ImageRepository could not be read or used: Ready=False (AuthenticationFailed), retried. */
export class RegistryAccessError extends Error {
  override name = 'RegistryAccessError';
  readonly reason = ImageReason.AuthenticationFailed;

  constructor(detail: string, options?: ErrorOptions) {
    super(`failed to configure authentication options: ${detail}`, options);
  }
}

/** Keys of `spec.certSecretRef`: Flux's current `ca.crt` and its deprecated `caFile`. */
export const CertSecretKey = {
  CaCert: 'ca.crt',
  DeprecatedCaFile: 'caFile',
  ClientCert: 'tls.crt',
  DeprecatedCertFile: 'certFile',
} as const;

export interface ImageRepositoryRef {
  namespace: string;
  spec: Pick<ImageRepositorySpec, 'image' | 'secretRef' | 'certSecretRef' | 'insecure'>;
}

type SecretReader = (name: string) => Promise<Record<string, string>>;

function secretReader(client: KubeClient, namespace: string): SecretReader {
  const cache = new Map<string, Promise<Record<string, string>>>();
  const read = async (name: string) => {
    let data: Record<string, string> | undefined;
    try {
      data = await readSecretData(client, namespace, name);
    } catch (error) {
      throw new RegistryAccessError(`reading secret '${namespace}/${name}': ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (data === undefined) throw new RegistryAccessError(`secret '${namespace}/${name}' not found`);
    return data;
  };
  return (name) => {
    let pending = cache.get(name);
    if (pending === undefined) {
      pending = read(name);
      cache.set(name, pending);
    }
    return pending;
  };
}

async function readCredentials(read: SecretReader, secretName: string, registry: string): Promise<RegistryCredentials> {
  const data = await read(secretName);
  try {
    return credentialsFromDockerConfig(data, registry);
  } catch (error) {
    if (!(error instanceof OciAuthenticationError)) throw error;
    throw new RegistryAccessError(`secret '${secretName}': ${error.message}`, { cause: error });
  }
}

async function readCaCert(read: SecretReader, secretName: string): Promise<string | undefined> {
  const data = await read(secretName);
  if (data[CertSecretKey.ClientCert] !== undefined || data[CertSecretKey.DeprecatedCertFile] !== undefined) {
    throw new RegistryAccessError(
      `secret '${secretName}': client certificates (mutual TLS) are not supported; keep only '${CertSecretKey.CaCert}'`,
    );
  }
  return data[CertSecretKey.CaCert] ?? data[CertSecretKey.DeprecatedCaFile];
}

/**
 * Reads how to reach an ImageRepository's registry: docker-config credentials of `spec.secretRef` for the image's
 * host, the CA of `spec.certSecretRef`, and `spec.insecure`. Throws ImageNameError for a bad `spec.image` and
 * RegistryAccessError for a missing or unusable Secret.
 */
export async function readRegistryAccess(
  client: KubeClient,
  repo: ImageRepositoryRef,
  signal: AbortSignal,
): Promise<RegistryAccess> {
  const name = parseImageName(repo.spec.image);
  const read = secretReader(client, repo.namespace);
  const secretName = repo.spec.secretRef?.name;
  const certSecretName = repo.spec.certSecretRef?.name;
  const credentials = secretName === undefined ? {} : await readCredentials(read, secretName, name.registry);
  const caCert = certSecretName === undefined ? undefined : await readCaCert(read, certSecretName);
  return { credentials, caCert, insecure: repo.spec.insecure ?? false, signal };
}
