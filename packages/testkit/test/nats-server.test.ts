import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type NatsServer, NatsServerNotInstalledError, NatsServerStartError, startNatsServer } from '../src/index.js';

function readInfoLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(chunk.toString('utf8'));
    });
  });
}

describe('startNatsServer', () => {
  const servers: NatsServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('starts a JetStream-enabled server on a free 127.0.0.1 port and removes its dir on stop', async () => {
    const server = await startNatsServer();
    servers.push(server);
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    const info = await readInfoLine(server.port);
    expect(info).toMatch(/^INFO /);
    expect(JSON.parse(info.slice(5)).jetstream).toBe(true);
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    await expect(readInfoLine(server.port)).rejects.toThrow();
  });

  it('restarts on the same port with the same store dir', async () => {
    const server = await startNatsServer();
    servers.push(server);
    await server.restart();
    expect(existsSync(server.storeDir)).toBe(true);
    expect(await readInfoLine(server.port)).toMatch(/^INFO /);
  });

  it('appends extra config', async () => {
    const server = await startNatsServer({ config: 'authorization { token: "s3cret" }' });
    servers.push(server);
    const info = JSON.parse((await readInfoLine(server.port)).slice(5));
    expect(info.auth_required).toBe(true);
  });

  it('reports a missing binary clearly', async () => {
    await expect(startNatsServer({ binary: 'nats-server-does-not-exist' })).rejects.toThrow(
      NatsServerNotInstalledError,
    );
    await expect(startNatsServer({ binary: 'nats-server-does-not-exist' })).rejects.toThrow(/npm run setup/);
  });

  it('reports a broken config with the server output', async () => {
    await expect(startNatsServer({ config: 'this is { not valid' })).rejects.toThrow(NatsServerStartError);
  });
});
