import { HelmCredentialsError } from './helm-errors.js';

/** What a HelmRepository's Secrets provide for HTTP: basic auth and TLS (custom CA, client certificate). */
export interface HelmCredentials {
  username?: string;
  password?: string;
  /** PEM CA bundle trusted in addition to the system roots. */
  caCert?: string;
  /** PEM client certificate for mutual TLS; always together with `keyPem`. */
  certPem?: string;
  keyPem?: string;
}

/** Decoded Secret data (`Secret.data` base64-decoded, or `stringData`). */
export type SecretData = Readonly<Record<string, string>>;

export interface HelmSecrets {
  /** `.spec.secretRef`: `username`/`password`, and (deprecated) `certFile`/`keyFile`/`caFile`. */
  auth: SecretData | undefined;
  /** `.spec.certSecretRef`: `tls.crt`/`tls.key`/`ca.crt`. */
  cert: SecretData | undefined;
}

interface TlsData {
  certPem?: string;
  keyPem?: string;
  caCert?: string;
}

const kubeTlsKeys = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' } as const;
const legacyTlsKeys = { cert: 'certFile', key: 'keyFile', ca: 'caFile' } as const;

/**
 * Builds the credentials the way Flux's `GetClientOpts` does: TLS from `certSecretRef`; when that gives no TLS
 * data, the deprecated TLS keys of `secretRef`; basic auth from `secretRef`.
 */
export function helmCredentialsFromSecrets(secrets: HelmSecrets): HelmCredentials {
  const credentials: HelmCredentials = {};
  let tls = secrets.cert ? tlsFromSecret(secrets.cert, kubeTlsKeys) : undefined;
  if (secrets.auth) {
    Object.assign(credentials, basicAuthFromSecret(secrets.auth));
    tls ??= tlsFromSecret(secrets.auth, legacyTlsKeys);
  }
  return { ...credentials, ...tls };
}

/** Reads one Secret that may hold basic auth and TLS keys (Kubernetes `tls.*`/`ca.crt` or legacy names). */
export function helmCredentialsFromSecret(data: SecretData): HelmCredentials {
  return {
    ...basicAuthFromSecret(data),
    ...(tlsFromSecret(data, kubeTlsKeys) ?? tlsFromSecret(data, legacyTlsKeys)),
  };
}

/** Flux ignores a Secret with neither `username` nor `password`, and rejects one with only one of them. */
function basicAuthFromSecret(data: SecretData): Pick<HelmCredentials, 'username' | 'password'> {
  const username = data.username ?? '';
  const password = data.password ?? '';
  if (username === '' && password === '') return {};
  if (username === '' || password === '') {
    throw new HelmCredentialsError("invalid secret data: required fields 'username' and 'password'");
  }
  return { username, password };
}

function tlsFromSecret(data: SecretData, keys: typeof kubeTlsKeys | typeof legacyTlsKeys): TlsData | undefined {
  const certPem = data[keys.cert] ?? '';
  const keyPem = data[keys.key] ?? '';
  const caCert = data[keys.ca] ?? '';
  if (certPem === '' && keyPem === '' && caCert === '') return undefined;
  if ((certPem === '') !== (keyPem === '')) {
    throw new HelmCredentialsError(
      `invalid secret data: both certificate ('${keys.cert}') and private key ('${keys.key}') need to be provided`,
    );
  }
  const tls: TlsData = {};
  if (certPem !== '') Object.assign(tls, { certPem, keyPem });
  if (caCert !== '') tls.caCert = caCert;
  return tls;
}
