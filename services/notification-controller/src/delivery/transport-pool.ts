import { createHash } from 'node:crypto';
import { type ClosableTransport, createTransport, type TransportOptions } from '../notifiers/transport.js';

/** One transport (connection pool) per distinct timeout/proxy/TLS setting, shared by Providers. */
export class TransportPool {
  readonly #transports = new Map<string, ClosableTransport>();

  get(options: Omit<TransportOptions, 'maxResponseBytes'>): ClosableTransport {
    const key = createHash('sha256').update(JSON.stringify(options)).digest('hex');
    let transport = this.#transports.get(key);
    if (!transport) {
      transport = createTransport(options);
      this.#transports.set(key, transport);
    }
    return transport;
  }

  async close(): Promise<void> {
    const all = [...this.#transports.values()];
    this.#transports.clear();
    await Promise.allSettled(all.map((transport) => transport.close()));
  }
}
