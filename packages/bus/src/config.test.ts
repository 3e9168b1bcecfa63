import { describe, expect, it } from 'vitest';
import { busOptionsFromConfig, natsConfig, topologyOptionsFromConfig } from './config.js';
import { AuthType } from './options.js';

function errorsOf(env: Record<string, string>): string[] {
  const result = natsConfig.safeParse(env);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('natsConfig', () => {
  it('applies defaults to an empty environment', () => {
    const config = natsConfig.parse({});
    expect(config).toEqual({
      NATS_URL: ['nats://127.0.0.1:4222'],
      DRIFTLESS_NATS_PREFIX: 'driftless',
      DRIFTLESS_NATS_REPLICAS: 1,
      DRIFTLESS_EVENTS_MAX_AGE: 168 * 3_600_000,
      DRIFTLESS_DEAD_LETTERS_MAX_AGE: 2_592_000_000,
      DRIFTLESS_KV_HISTORY: 1,
    });
    expect(busOptionsFromConfig(config)).toMatchObject({
      servers: ['nats://127.0.0.1:4222'],
      auth: { type: AuthType.None },
      prefix: 'driftless',
    });
    expect(busOptionsFromConfig(config).tls).toBeUndefined();
    expect(topologyOptionsFromConfig(config)).toEqual({
      replicas: 1,
      eventsMaxAgeMs: 604_800_000,
      kvHistory: 1,
      deadLettersMaxAgeMs: 2_592_000_000,
    });
  });

  it('treats empty strings as unset and ignores unrelated variables', () => {
    const config = natsConfig.parse({ NATS_USER: '', NATS_URL: '', HOME: '/root' });
    expect(config.NATS_USER).toBeUndefined();
    expect(config.NATS_URL).toEqual(['nats://127.0.0.1:4222']);
  });

  it('describes every variable', () => {
    for (const [key, schema] of Object.entries(natsConfig.shape)) {
      expect(schema.description, key).toBeTruthy();
    }
  });

  it('maps each auth method and TLS to bus options', () => {
    const userPass = natsConfig.parse({ NATS_USER: 'u', NATS_PASSWORD: 'p', NATS_URL: 'tls://a:4222, tls://b:4222' });
    expect(busOptionsFromConfig(userPass)).toMatchObject({
      servers: ['tls://a:4222', 'tls://b:4222'],
      auth: { type: AuthType.UserPassword, user: 'u', password: 'p' },
    });
    expect(busOptionsFromConfig(natsConfig.parse({ NATS_TOKEN: 't' })).auth).toEqual({ type: 'token', token: 't' });
    expect(busOptionsFromConfig(natsConfig.parse({ NATS_NKEY_SEED_FILE: '/s' })).auth).toEqual({
      type: 'nkey',
      seedFile: '/s',
    });
    expect(busOptionsFromConfig(natsConfig.parse({ NATS_CREDS_FILE: '/c' })).auth).toEqual({
      type: 'creds',
      credsFile: '/c',
    });
    const tls = natsConfig.parse({ NATS_TLS_CA_FILE: '/ca', NATS_TLS_CERT_FILE: '/crt', NATS_TLS_KEY_FILE: '/key' });
    expect(busOptionsFromConfig(tls).tls).toEqual({ caFile: '/ca', certFile: '/crt', keyFile: '/key' });
    const tuned = natsConfig.parse({
      DRIFTLESS_NATS_PREFIX: 'cluster-b',
      DRIFTLESS_NATS_REPLICAS: '3',
      DRIFTLESS_EVENTS_MAX_AGE: '1h30m',
      DRIFTLESS_KV_HISTORY: '5',
      DRIFTLESS_DEAD_LETTERS_MAX_AGE: '24h',
    });
    expect(topologyOptionsFromConfig(tuned)).toEqual({
      replicas: 3,
      eventsMaxAgeMs: 5_400_000,
      kvHistory: 5,
      deadLettersMaxAgeMs: 86_400_000,
    });
    expect(busOptionsFromConfig(tuned).prefix).toBe('cluster-b');
  });

  it.each([
    [{ NATS_USER: 'u' }, 'NATS_PASSWORD'],
    [{ NATS_PASSWORD: 'p' }, 'NATS_USER'],
    [{ NATS_TOKEN: 't', NATS_CREDS_FILE: '/c' }, 'NATS_CREDS_FILE'],
    [{ NATS_TLS_CERT_FILE: '/crt' }, 'NATS_TLS_KEY_FILE'],
    [{ NATS_URL: 'http://nats:4222' }, 'NATS_URL'],
    [{ DRIFTLESS_NATS_PREFIX: 'a.b' }, 'DRIFTLESS_NATS_PREFIX'],
    [{ DRIFTLESS_NATS_PREFIX: 'a>' }, 'DRIFTLESS_NATS_PREFIX'],
    [{ DRIFTLESS_NATS_REPLICAS: 'three' }, 'DRIFTLESS_NATS_REPLICAS'],
    [{ DRIFTLESS_NATS_REPLICAS: '7' }, 'DRIFTLESS_NATS_REPLICAS'],
    [{ DRIFTLESS_EVENTS_MAX_AGE: '7 days' }, 'DRIFTLESS_EVENTS_MAX_AGE'],
    [{ DRIFTLESS_KV_HISTORY: '0' }, 'DRIFTLESS_KV_HISTORY'],
  ])('rejects %j naming %s', (env, variable) => {
    const errors = errorsOf(env);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(variable);
  });

  it('never echoes a password from a URL in an error', () => {
    expect(errorsOf({ NATS_URL: 'http://user:s3cret@nats:4222' }).join('\n')).not.toContain('s3cret');
  });
});
