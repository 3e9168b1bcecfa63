import { describe, expect, it } from 'vitest';
import { helmCredentialsFromSecret, helmCredentialsFromSecrets } from './helm-credentials.js';
import { HelmCredentialsError } from './helm-errors.js';

describe('helmCredentialsFromSecrets', () => {
  it('takes basic auth from secretRef and TLS from certSecretRef', () => {
    expect(
      helmCredentialsFromSecrets({
        auth: { username: 'u', password: 'p', caFile: 'LEGACY-CA' },
        cert: { 'tls.crt': 'CERT', 'tls.key': 'KEY', 'ca.crt': 'CA' },
      }),
    ).toEqual({ username: 'u', password: 'p', certPem: 'CERT', keyPem: 'KEY', caCert: 'CA' });
  });

  it('falls back to the deprecated TLS keys of secretRef when certSecretRef has no TLS data', () => {
    expect(
      helmCredentialsFromSecrets({ auth: { certFile: 'C', keyFile: 'K', caFile: 'A' }, cert: { other: 'x' } }),
    ).toEqual({ certPem: 'C', keyPem: 'K', caCert: 'A' });
  });

  it('accepts a CA alone and no secrets at all', () => {
    expect(helmCredentialsFromSecrets({ auth: undefined, cert: { 'ca.crt': 'CA' } })).toEqual({ caCert: 'CA' });
    expect(helmCredentialsFromSecrets({ auth: undefined, cert: undefined })).toEqual({});
  });

  it.each([
    [{ auth: { username: 'u' }, cert: undefined }],
    [{ auth: { password: 'p' }, cert: undefined }],
    [{ auth: undefined, cert: { 'tls.crt': 'CERT' } }],
    [{ auth: { keyFile: 'K' }, cert: undefined }],
  ])('rejects incomplete data %j with AuthenticationFailed and no secret in the message', (secrets) => {
    try {
      helmCredentialsFromSecrets(secrets);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HelmCredentialsError);
      expect((err as HelmCredentialsError).reason).toBe('AuthenticationFailed');
      expect((err as Error).message).not.toMatch(/CERT|KEY|\bp\b/);
    }
  });
});

describe('helmCredentialsFromSecret', () => {
  it('reads basic auth and either TLS key convention from one Secret', () => {
    expect(helmCredentialsFromSecret({ username: 'u', password: 'p', 'ca.crt': 'CA' })).toEqual({
      username: 'u',
      password: 'p',
      caCert: 'CA',
    });
    expect(helmCredentialsFromSecret({ caFile: 'CA2' })).toEqual({ caCert: 'CA2' });
  });
});
