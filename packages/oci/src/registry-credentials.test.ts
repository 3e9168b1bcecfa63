import { describe, expect, it } from 'vitest';
import { OciAuthenticationError } from './oci-errors.js';
import { credentialsFromDockerConfig } from './registry-credentials.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dockerConfig = (auths: Record<string, unknown>) => ({ '.dockerconfigjson': JSON.stringify({ auths }) });

describe('credentialsFromDockerConfig', () => {
  it.each([
    [
      'an `auth` entry keyed by host',
      { 'ghcr.io': { auth: b64('bot:p:a:ss') } },
      'ghcr.io',
      { username: 'bot', password: 'p:a:ss' },
    ],
    [
      'username/password fields',
      { 'ghcr.io': { username: 'u', password: 'p' } },
      'ghcr.io',
      { username: 'u', password: 'p' },
    ],
    [
      'a key with scheme and path',
      { 'https://reg.example:5000/v1/': { auth: b64('u:p') } },
      'reg.example:5000',
      { username: 'u', password: 'p' },
    ],
    [
      'Docker Hub aliases',
      { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } },
      'index.docker.io',
      { username: 'hub', password: 'pw' },
    ],
    ['a registry token', { 'ghcr.io': { registrytoken: 'tkn', auth: b64('u:p') } }, 'ghcr.io', { token: 'tkn' }],
    ['no entry for the host (anonymous)', { 'other.io': { auth: b64('u:p') } }, 'ghcr.io', {}],
  ])('reads %s', (_name, auths, host, expected) => {
    expect(credentialsFromDockerConfig(dockerConfig(auths), host)).toEqual(expected);
  });

  it('prefers the exact host over an alias', () => {
    const data = dockerConfig({ 'docker.io': { auth: b64('alias:1') }, 'index.docker.io': { auth: b64('exact:2') } });
    expect(credentialsFromDockerConfig(data, 'index.docker.io')).toEqual({ username: 'exact', password: '2' });
  });

  it('reads the legacy .dockercfg format (auths at the top level)', () => {
    const data = { '.dockercfg': JSON.stringify({ 'ghcr.io': { auth: b64('old:pw') } }) };
    expect(credentialsFromDockerConfig(data, 'ghcr.io')).toEqual({ username: 'old', password: 'pw' });
  });

  it.each([
    ['no docker config key', { username: 'u' }],
    ['invalid JSON', { '.dockerconfigjson': '{nope' }],
    ['no auths', { '.dockerconfigjson': '{}' }],
    ['an auth that is not user:password', dockerConfig({ 'ghcr.io': { auth: b64('justonepart') } })],
  ])('fails with AuthenticationFailed on %s, without echoing secrets', (_name, data) => {
    let error: unknown;
    try {
      credentialsFromDockerConfig(data as Record<string, string>, 'ghcr.io');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OciAuthenticationError);
    expect((error as OciAuthenticationError).reason).toBe('AuthenticationFailed');
    expect((error as Error).message).not.toContain('justonepart');
  });
});
