/** Credentials of a GitRepository, read from the Secret named by `spec.secretRef` (Flux's key names). */
export interface GitCredentials {
  /** `username`: HTTP basic auth user. */
  username?: string;
  /** `password`: HTTP basic auth password, or the passphrase of an encrypted SSH `identity`. */
  password?: string;
  /** `bearerToken`: sent as `Authorization: Bearer <token>`; wins over username/password. */
  bearerToken?: string;
  /** `ca.crt` (or the older `caFile`): PEM bundle trusted for HTTPS. */
  caCert?: string;
  /** `identity`: OpenSSH/PEM private key for SSH. */
  identity?: string;
  /** `known_hosts`: host keys accepted for SSH. */
  knownHosts?: string;
}

/**
 * Maps the (already base64-decoded) data of a Flux Git secret to credentials. Empty values count
 * as absent; `ca.crt` takes precedence over `caFile`.
 */
export function gitCredentialsFromSecret(data: Readonly<Record<string, string>>): GitCredentials {
  const value = (key: string): string | undefined => {
    const v = data[key];
    return v === undefined || v === '' ? undefined : v;
  };
  const credentials: GitCredentials = {};
  const entries: [keyof GitCredentials, string | undefined][] = [
    ['username', value('username')],
    ['password', value('password')],
    ['bearerToken', value('bearerToken')],
    ['caCert', value('ca.crt') ?? value('caFile')],
    ['identity', value('identity')],
    ['knownHosts', value('known_hosts')],
  ];
  for (const [key, v] of entries) {
    if (v !== undefined) credentials[key] = v;
  }
  return credentials;
}
