import { type Bus, requestReconcile } from '@driftless/bus';
import type { CliIo } from '../../context/cli-io.js';
import { type Connection, connectBusFor } from '../../context/connection.js';
import type { Target } from './object-state.js';

/**
 * Publishes reconcile requests on NATS so the owning controller starts at once. NATS is a speed-up,
 * not a must: the annotation alone gets the object reconciled, so when NATS cannot be reached the
 * notifier warns once and stays quiet from then on.
 */
export interface ReconcileNotifier {
  notify(target: Target, requestedAt: string): Promise<void>;
  close(): Promise<void>;
}

export function createReconcileNotifier(connection: Connection, io: CliIo, verb: string): ReconcileNotifier {
  let bus: Promise<Bus | undefined> | undefined;
  let warned = false;

  const warnOnce = (what: string, error: unknown) => {
    if (warned) return;
    warned = true;
    const url = redactUrl(connection.natsEnv.NATS_URL);
    const detail = error instanceof Error ? error.message : String(error);
    const where = detail.includes(url) ? '' : ` at ${url}`;
    io.stderr.write(`driftless ${verb}: ${what}${where} (${detail}); relying on the annotation\n`);
  };
  const connect = () => {
    bus ??= connectBusFor(connection).catch((error: unknown) => {
      warnOnce('NATS cannot be reached', error);
      return undefined;
    });
    return bus;
  };

  return {
    async notify(target, requestedAt) {
      const connected = await connect();
      if (!connected) return;
      try {
        await requestReconcile(connected, target.kind.kind, target.namespace, target.name, {
          requestedAt,
          requestedBy: 'driftless-cli',
        });
      } catch (error) {
        warnOnce('cannot publish the reconcile request on NATS', error);
      }
    },
    async close() {
      const connected = await bus;
      await connected?.close().catch(() => undefined);
    },
  };
}

/** NATS URLs may carry credentials (`nats://user:pass@host`); never print them. */
export function redactUrl(urls: string | undefined): string {
  return (urls ?? '')
    .split(',')
    .map((url) => url.replace(/\/\/[^@/]*@/, '//'))
    .join(',');
}
