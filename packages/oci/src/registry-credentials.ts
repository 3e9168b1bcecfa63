import { OciAuthenticationError } from './oci-errors.js';

/** What is sent to a registry: basic `username`/`password` (also exchanged for a bearer token), or a bearer `token`. */
export interface RegistryCredentials {
  readonly username?: string;
  readonly password?: string;
  /** A registry token (docker config `registrytoken`), sent as `Authorization: Bearer` as is. */
  readonly token?: string;
}

/** Secret keys of `kubernetes.io/dockerconfigjson` and the legacy `kubernetes.io/dockercfg`. */
export const DockerConfigKey = {
  DockerConfigJson: '.dockerconfigjson',
  DockerCfg: '.dockercfg',
} as const;
export type DockerConfigKey = (typeof DockerConfigKey)[keyof typeof DockerConfigKey];

interface DockerAuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  registrytoken?: unknown;
}

const dockerHubKeys = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://index.docker.io/v1/`, `http://host:5000`, `host:5000/path` → `host:5000` (lower-cased). */
function normalizeHost(key: string): string {
  const withoutScheme = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return withoutScheme.split('/')[0].toLowerCase();
}

function sameRegistry(key: string, registryHost: string): boolean {
  const a = normalizeHost(key);
  const b = registryHost.toLowerCase();
  return a === b || (dockerHubKeys.has(a) && dockerHubKeys.has(b));
}

function readAuths(data: Readonly<Record<string, string>>, registryHost: string): Record<string, DockerAuthEntry> {
  const json = data[DockerConfigKey.DockerConfigJson];
  const legacy = data[DockerConfigKey.DockerCfg];
  if (json === undefined && legacy === undefined) {
    throw new OciAuthenticationError(
      registryHost,
      `secret has neither ${DockerConfigKey.DockerConfigJson} nor .dockercfg`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? legacy ?? '');
  } catch (err) {
    throw new OciAuthenticationError(registryHost, 'the docker config in the secret is not valid JSON', { cause: err });
  }
  const auths = json !== undefined ? (parsed as { auths?: unknown } | null)?.auths : parsed;
  if (typeof auths !== 'object' || auths === null) {
    throw new OciAuthenticationError(registryHost, 'the docker config in the secret has no auths');
  }
  return auths as Record<string, DockerAuthEntry>;
}

function fromEntry(entry: DockerAuthEntry, registryHost: string): RegistryCredentials {
  if (typeof entry.registrytoken === 'string' && entry.registrytoken !== '') return { token: entry.registrytoken };
  if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    return { username: entry.username, password: entry.password };
  }
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new OciAuthenticationError(registryHost, "the docker config auth is not base64 'user:password'");
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return {};
}

/**
 * Reads the credentials for `registryHost` from a docker-registry secret's (decoded) data, as Flux does for
 * `spec.secretRef`. Keys such as `https://host/v1/` match `host`; no entry for the host means anonymous (`{}`).
 */
export function credentialsFromDockerConfig(
  data: Readonly<Record<string, string>>,
  registryHost: string,
): RegistryCredentials {
  const auths = readAuths(data, registryHost);
  const exact = Object.keys(auths).find((key) => normalizeHost(key) === registryHost.toLowerCase());
  const key = exact ?? Object.keys(auths).find((k) => sameRegistry(k, registryHost));
  if (key === undefined) return {};
  const entry = auths[key];
  if (typeof entry !== 'object' || entry === null) return {};
  return fromEntry(entry, registryHost);
}
