export const AuthType = {
  None: 'none',
  UserPassword: 'userPassword',
  Token: 'token',
  NKey: 'nkey',
  Creds: 'creds',
} as const;
export type AuthType = (typeof AuthType)[keyof typeof AuthType];

export type BusAuth =
  | { type: typeof AuthType.None }
  | { type: typeof AuthType.UserPassword; user: string; password: string }
  | { type: typeof AuthType.Token; token: string }
  /** A file holding an NKey user seed (`SU…`). */
  | { type: typeof AuthType.NKey; seedFile: string }
  /** A `.creds` file holding a user JWT and its seed (operator mode). */
  | { type: typeof AuthType.Creds; credsFile: string };

export interface BusTlsOptions {
  /** CA bundle to trust instead of the system roots. */
  caFile?: string;
  /** Client certificate and key for mutual TLS. */
  certFile?: string;
  keyFile?: string;
}

export interface BusOptions {
  /** NATS server URLs (`nats://host:4222`, `tls://host:4222`). */
  servers: string[];
  /** Connection name shown by the server (`nats server report connections`), e.g. the controller name. */
  name: string;
  auth: BusAuth;
  tls?: BusTlsOptions;
  /** First token of every subject and the prefix of stream and bucket names. */
  prefix: string;
  /** Wait between reconnect attempts to one server. */
  reconnectTimeWaitMs: number;
  /** Timeout of the first connection. */
  timeoutMs: number;
}

export function defaultBusOptions(): BusOptions {
  return {
    servers: ['nats://127.0.0.1:4222'],
    name: 'driftless',
    auth: { type: AuthType.None },
    prefix: 'driftless',
    reconnectTimeWaitMs: 2_000,
    timeoutMs: 10_000,
  };
}
