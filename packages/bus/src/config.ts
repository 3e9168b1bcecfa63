import { tryParseDuration } from '@driftless/runtime';
import { z } from 'zod';
import { AuthType, type BusAuth, type BusOptions, defaultBusOptions } from './options.js';
import { redactUrl } from './redact-url.js';
import type { TopologyOptions } from './topology.js';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const optionalString = (description: string) =>
  z.preprocess(emptyToUndefined, z.string().optional()).describe(description);

const serversSchema = z
  .string()
  .transform((value, ctx) => {
    const servers = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    for (const server of servers) {
      if (!/^(nats|tls|ws|wss):\/\/[^\s]+$/.test(server) || !URL.canParse(server)) {
        ctx.addIssue({
          code: 'custom',
          message: `NATS_URL: ${JSON.stringify(redactUrl(server))} is not a nats:// or tls:// URL`,
        });
        return z.NEVER;
      }
    }
    if (servers.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'NATS_URL: no server given' });
      return z.NEVER;
    }
    return servers;
  })
  .prefault('nats://127.0.0.1:4222');

const intInRange = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `${name} must be a number` })
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be at least ${min}`)
      .max(max, `${name} must be at most ${max}`)
      .default(fallback),
  );

const durationMs = (name: string, fallback: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((value, ctx) => {
        const ms = tryParseDuration(value);
        if (ms === undefined || ms <= 0) {
          ctx.addIssue({
            code: 'custom',
            message: `${name}: ${JSON.stringify(value)} is not a duration like 168h or 30m`,
          });
          return z.NEVER;
        }
        return ms;
      })
      .prefault(fallback),
  );

/**
 * The NATS part of a service's environment. Compose it into the service schema with
 * `natsConfig.safeExtend({...})` (the auth checks are refinements, which a spread of `.shape` would lose).
 */
export const natsConfig = z
  .object({
    NATS_URL: z
      .preprocess(emptyToUndefined, serversSchema)
      .describe('NATS server URL(s), comma-separated (nats:// or tls://)'),
    NATS_USER: optionalString('User name for user/password authentication (needs NATS_PASSWORD)'),
    NATS_PASSWORD: optionalString('Password for user/password authentication'),
    NATS_TOKEN: optionalString('Token for token authentication'),
    NATS_NKEY_SEED_FILE: optionalString('File holding an NKey user seed (SU...) for NKey authentication'),
    NATS_CREDS_FILE: optionalString('Credentials file (user JWT + seed) for decentralized JWT authentication'),
    NATS_TLS_CA_FILE: optionalString('CA bundle (PEM) to verify the NATS server certificate'),
    NATS_TLS_CERT_FILE: optionalString('Client certificate (PEM) for mutual TLS (needs NATS_TLS_KEY_FILE)'),
    NATS_TLS_KEY_FILE: optionalString('Client private key (PEM) for mutual TLS'),
    DRIFTLESS_NATS_PREFIX: z
      .preprocess(
        emptyToUndefined,
        z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/, 'DRIFTLESS_NATS_PREFIX may only hold letters, digits, - and _')
          .default('driftless'),
      )
      .describe('First token of every subject and prefix of stream/bucket names, so clusters can share one NATS'),
    DRIFTLESS_NATS_REPLICAS: intInRange('DRIFTLESS_NATS_REPLICAS', 1, 5, 1).describe(
      'Replicas of the events stream and the KV buckets (1, 3 or 5 on a NATS cluster)',
    ),
    DRIFTLESS_EVENTS_MAX_AGE: durationMs('DRIFTLESS_EVENTS_MAX_AGE', '168h').describe(
      'How long the events stream keeps events (duration, e.g. 168h)',
    ),
    DRIFTLESS_DEAD_LETTERS_MAX_AGE: durationMs('DRIFTLESS_DEAD_LETTERS_MAX_AGE', '720h').describe(
      'How long the dead-letter stream keeps events no Provider accepted (duration)',
    ),
    DRIFTLESS_KV_HISTORY: intInRange('DRIFTLESS_KV_HISTORY', 1, 64, 1).describe(
      'Values kept per key in the artifacts, images and status buckets',
    ),
  })
  .superRefine((env, ctx) => {
    const requireBoth = (a: keyof typeof env, b: keyof typeof env) => {
      if (env[a] !== undefined && env[b] === undefined) {
        ctx.addIssue({ code: 'custom', path: [b], message: `${a} is set but ${b} is not` });
      }
    };
    requireBoth('NATS_USER', 'NATS_PASSWORD');
    requireBoth('NATS_PASSWORD', 'NATS_USER');
    requireBoth('NATS_TLS_CERT_FILE', 'NATS_TLS_KEY_FILE');
    requireBoth('NATS_TLS_KEY_FILE', 'NATS_TLS_CERT_FILE');
    const methods = (['NATS_USER', 'NATS_TOKEN', 'NATS_NKEY_SEED_FILE', 'NATS_CREDS_FILE'] as const).filter(
      (key) => env[key] !== undefined,
    );
    if (methods.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [methods[1]],
        message: `set only one NATS authentication method: ${methods.join(' and ')} are both set`,
      });
    }
  });

export type NatsConfig = z.output<typeof natsConfig>;

export function busOptionsFromConfig(config: NatsConfig, overrides: Partial<BusOptions> = {}): BusOptions {
  let auth: BusAuth = { type: AuthType.None };
  if (config.NATS_USER !== undefined && config.NATS_PASSWORD !== undefined) {
    auth = { type: AuthType.UserPassword, user: config.NATS_USER, password: config.NATS_PASSWORD };
  } else if (config.NATS_TOKEN !== undefined) {
    auth = { type: AuthType.Token, token: config.NATS_TOKEN };
  } else if (config.NATS_NKEY_SEED_FILE !== undefined) {
    auth = { type: AuthType.NKey, seedFile: config.NATS_NKEY_SEED_FILE };
  } else if (config.NATS_CREDS_FILE !== undefined) {
    auth = { type: AuthType.Creds, credsFile: config.NATS_CREDS_FILE };
  }
  const tlsGiven =
    config.NATS_TLS_CA_FILE !== undefined ||
    config.NATS_TLS_CERT_FILE !== undefined ||
    config.NATS_TLS_KEY_FILE !== undefined;
  return {
    ...defaultBusOptions(),
    servers: config.NATS_URL,
    auth,
    prefix: config.DRIFTLESS_NATS_PREFIX,
    ...(tlsGiven
      ? {
          tls: {
            caFile: config.NATS_TLS_CA_FILE,
            certFile: config.NATS_TLS_CERT_FILE,
            keyFile: config.NATS_TLS_KEY_FILE,
          },
        }
      : {}),
    ...overrides,
  };
}

export function topologyOptionsFromConfig(config: NatsConfig): TopologyOptions {
  return {
    replicas: config.DRIFTLESS_NATS_REPLICAS,
    eventsMaxAgeMs: config.DRIFTLESS_EVENTS_MAX_AGE,
    kvHistory: config.DRIFTLESS_KV_HISTORY,
    deadLettersMaxAgeMs: config.DRIFTLESS_DEAD_LETTERS_MAX_AGE,
  };
}
