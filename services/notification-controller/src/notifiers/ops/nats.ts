import { AuthorizationError, connect, type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { DeliveryError, ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { redactUrl } from '../transport.js';
import { wireEvent } from './ops-helpers.js';

/** A connect attempt gives up after this long; like Flux, each event gets a fresh connection. */
const connectTimeoutMs = 15_000;

/** Publishes the event JSON to the subject in `spec.channel` on the NATS server at the address. */
export const natsNotifier: Notifier = {
  type: 'nats',
  validate(settings) {
    natsTarget(settings);
  },
  async send(event, settings) {
    const { server, subject } = natsTarget(settings);
    const connection = await openConnection(settings, server);
    const failure = await publishAndClose(connection, subject, JSON.stringify(wireEvent(event)));
    if (failure) {
      // The server refused the subject or the credentials: retrying will not change its mind.
      const retryable = !(failure instanceof PermissionViolationError || failure instanceof AuthorizationError);
      throw new DeliveryError(`nats publish to ${describeServers(server)} failed: ${scrub(failure.message)}`, {
        retryable,
        cause: failure,
      });
    }
  },
};

function natsTarget(settings: ProviderSettings): { server: string; subject: string } {
  if (!settings.address) {
    throw new ProviderConfigError(
      "nats Provider needs the server URL as its address (spec.address or the Secret's address)",
    );
  }
  if (!settings.channel) throw new ProviderConfigError('nats Provider needs the subject in spec.channel');
  return { server: settings.address, subject: settings.channel };
}

async function openConnection(settings: ProviderSettings, server: string): Promise<NatsConnection> {
  // Flux sends credentials only as a pair.
  const credentials =
    settings.username && settings.password ? { user: settings.username, pass: settings.password } : {};
  try {
    return await connect({
      // Like nats.go, accept a comma-separated list of servers.
      servers: server.split(',').map((url) => url.trim()),
      name: 'driftless notification-controller',
      reconnect: false,
      timeout: connectTimeoutMs,
      ...credentials,
    });
  } catch (err) {
    const refused = err instanceof AuthorizationError;
    const why = err instanceof Error ? err.message : String(err);
    throw new DeliveryError(`nats connect to ${describeServers(server)} failed: ${scrub(why)}`, {
      retryable: !refused,
      cause: err,
    });
  }
}

/**
 * The server reports a refused publish asynchronously (`-ERR 'Permissions Violation'`), before it
 * answers the flush's PING; the status stream catches it, and closing ends that stream.
 */
async function publishAndClose(connection: NatsConnection, subject: string, data: string): Promise<Error | undefined> {
  const reported: Error[] = [];
  const watching = (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'error') reported.push(status.error);
    }
  })();
  let failure: Error | undefined;
  try {
    connection.publish(subject, data);
    await connection.flush();
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  } finally {
    await connection.close();
    await watching;
  }
  return failure ?? reported[0];
}

/** Server URLs may carry credentials (`nats://user:pass@host`): name hosts only. */
function describeServers(server: string): string {
  return server
    .split(',')
    .map((url) => redactUrl(url.trim()))
    .join(',');
}

function scrub(message: string): string {
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => redactUrl(url));
}
