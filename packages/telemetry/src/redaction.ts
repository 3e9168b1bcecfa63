/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

const secretKeys = [
  'password',
  'passwd',
  'token',
  'secret',
  'apiKey',
  'api_key',
  'accessToken',
  'refreshToken',
  'bearerToken',
  'clientSecret',
  'privateKey',
  'authorization',
  'cookie',
  'credentials',
] as const;

const headerKeys = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key'] as const;

/**
 * Paths removed from every log line by default: the secret-bearing keys at the top level and one level down,
 * HTTP headers that carry credentials, and the payload of Kubernetes Secrets (`data`, `stringData`), whether
 * the Secret is logged itself or under any key.
 */
export const defaultRedactPaths: readonly string[] = [
  ...secretKeys,
  ...secretKeys.map((key) => `*.${key}`),
  ...headerKeys.map((key) => `headers["${key}"]`),
  ...headerKeys.map((key) => `*.headers["${key}"]`),
  'data',
  'stringData',
  '*.data',
  '*.stringData',
];
