import { describe, expect, it } from 'vitest';
import { gitCredentialsFromSecret } from './git-credentials.js';

describe('gitCredentialsFromSecret', () => {
  it('maps Flux secret keys', () => {
    expect(
      gitCredentialsFromSecret({
        username: 'u',
        password: 'p',
        bearerToken: 't',
        'ca.crt': 'CA',
        identity: 'KEY',
        known_hosts: 'KH',
        unrelated: 'x',
      }),
    ).toEqual({ username: 'u', password: 'p', bearerToken: 't', caCert: 'CA', identity: 'KEY', knownHosts: 'KH' });
  });

  it('prefers ca.crt over caFile, falls back to caFile, and ignores empty values', () => {
    expect(gitCredentialsFromSecret({ 'ca.crt': 'new', caFile: 'old' })).toEqual({ caCert: 'new' });
    expect(gitCredentialsFromSecret({ caFile: 'old', username: '' })).toEqual({ caCert: 'old' });
    expect(gitCredentialsFromSecret({})).toEqual({});
  });
});
