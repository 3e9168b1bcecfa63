import { type JetStreamClient, type JetStreamManager, jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import { buildAuthenticator } from './auth.js';
import { BusConnectionError } from './errors.js';
import type { MessageHook } from './hooks.js';
import type { BusLogger } from './logger.js';
import type { BusOptions } from './options.js';
import { redactUrl } from './redact-url.js';
import { validatePrefix } from './subjects.js';

export interface BusDeps {
  logger: BusLogger;
  onMessage?: MessageHook;
}

/** A live NATS connection plus what the bus helpers need; create with `connectBus`. */
export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly prefix: string;
  readonly logger: BusLogger;
  readonly onMessage: MessageHook;
  jsm(): Promise<JetStreamManager>;
  /** True while connected (not disconnected, draining or closed); for readiness probes. */
  isConnected(): boolean;
  /** Lets subscriptions finish their in-flight messages, flushes, then closes. */
  drain(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the connection is closed (with the error that closed it, if any). */
  closed(): Promise<undefined | Error>;
}

export async function connectBus(options: BusOptions, deps: BusDeps): Promise<Bus> {
  const { logger } = deps;
  const prefix = validatePrefix(options.prefix);
  const servers = options.servers.map(redactUrl);
  const authenticator = await buildAuthenticator(options.auth);
  const tls = options.tls
    ? {
        ...(options.tls.caFile ? { caFile: options.tls.caFile } : {}),
        ...(options.tls.certFile ? { certFile: options.tls.certFile } : {}),
        ...(options.tls.keyFile ? { keyFile: options.tls.keyFile } : {}),
      }
    : undefined;

  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.servers,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs,
      timeout: options.timeoutMs,
      ...(authenticator ? { authenticator } : {}),
      ...(tls ? { tls } : {}),
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BusConnectionError(
      `cannot connect to NATS at ${servers.join(', ')} (auth: ${options.auth.type}${tls ? ', tls' : ''}): ${reason}`,
      { cause: err },
    );
  }

  let connected = true;
  logger.info({ servers, server: nc.getServer(), name: options.name, auth: options.auth.type }, 'connected to NATS');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') connected = false;
      if (status.type === 'reconnect') connected = true;
      logStatus(logger, status);
    }
  })().catch((err: unknown) => logger.error({ err }, 'NATS status watcher failed'));

  const js = jetstream(nc);
  let jsm: Promise<JetStreamManager> | undefined;
  const onMessage = deps.onMessage ?? (() => {});

  return {
    nc,
    js,
    prefix,
    logger,
    onMessage,
    jsm() {
      jsm ??= js.jetstreamManager().catch((err: unknown) => {
        jsm = undefined;
        throw err;
      });
      return jsm;
    },
    isConnected: () => connected && !nc.isClosed() && !nc.isDraining(),
    async drain() {
      if (nc.isClosed() || nc.isDraining()) return;
      await nc.drain();
      logger.info({ servers }, 'NATS connection drained');
    },
    async close() {
      if (nc.isClosed()) return;
      await nc.close();
      logger.info({ servers }, 'NATS connection closed');
    },
    closed: () => nc.closed().then((err) => err || undefined),
  };
}

function logStatus(logger: BusLogger, status: Status): void {
  switch (status.type) {
    case 'disconnect':
      logger.warn({ server: status.server }, 'disconnected from NATS');
      return;
    case 'reconnect':
      logger.info({ server: status.server }, 'reconnected to NATS');
      return;
    case 'reconnecting':
      logger.debug({}, 'reconnecting to NATS');
      return;
    case 'ldm':
      logger.warn({ server: status.server }, 'NATS server entering lame duck mode');
      return;
    case 'error':
      logger.error({ err: status.error }, 'NATS connection error');
      return;
    case 'staleConnection':
      logger.warn({}, 'NATS connection is stale');
      return;
    case 'slowConsumer':
      logger.warn({ subject: status.sub.getSubject(), pending: status.pending }, 'slow NATS consumer');
      return;
    case 'update':
      logger.debug({ added: status.added, deleted: status.deleted }, 'NATS cluster servers changed');
      return;
    default:
      return;
  }
}
