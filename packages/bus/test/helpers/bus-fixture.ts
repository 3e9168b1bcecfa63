import { randomBytes } from 'node:crypto';
import type { NatsServer } from '@driftless/testkit';
import { type Bus, type BusOptions, connectBus, defaultBusOptions, type MessageHook } from '../../src/index.js';
import { type MemoryLogger, memoryLogger } from './memory-logger.js';

export interface TestBus {
  bus: Bus;
  logger: MemoryLogger;
  counts: Map<string, number>;
}

/** Connects to `server` with a fresh prefix, so tests sharing a server never see each other's data. */
export async function testBus(server: NatsServer, options: Partial<BusOptions> = {}): Promise<TestBus> {
  const logger = memoryLogger();
  const counts = new Map<string, number>();
  const onMessage: MessageHook = (direction, kind) => {
    const key = `${direction}:${kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const bus = await connectBus(
    {
      ...defaultBusOptions(),
      servers: [server.url],
      name: 'bus-test',
      prefix: `t${randomBytes(4).toString('hex')}`,
      reconnectTimeWaitMs: 100,
      ...options,
    },
    { logger, onMessage },
  );
  return { bus, logger, counts };
}
