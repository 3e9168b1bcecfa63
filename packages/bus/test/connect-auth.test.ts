import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NatsServer, startNatsServer } from '@driftless/testkit';
import { createUser } from '@nats-io/nkeys';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthType,
  type Bus,
  BusConnectionError,
  type BusOptions,
  connectBus,
  defaultBusOptions,
  ensureTopology,
  getStatus,
  putStatus,
} from '../src/index.js';
import { memoryLogger } from './helpers/memory-logger.js';
import { makeOperatorSetup } from './helpers/operator.js';
import { makePki, type TestPki } from './helpers/tls.js';

let dir: string;
let pki: TestPki;
let otherPki: TestPki;
const servers: NatsServer[] = [];
const buses: Bus[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftless-bus-auth-'));
  [pki, otherPki] = await Promise.all([makePki(dir, 'ca'), makePki(dir, 'other')]);
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function server(config: string): Promise<NatsServer> {
  const s = await startNatsServer({ config });
  servers.push(s);
  return s;
}

async function connectTo(s: NatsServer, options: Partial<BusOptions>) {
  const logger = memoryLogger();
  // nats.js 3.4 checks a TLS certificate of an IP-literal URL against "localhost", so TLS tests dial localhost.
  const url = options.tls ? `tls://localhost:${s.port}` : s.url;
  const bus = await connectBus(
    { ...defaultBusOptions(), servers: [url], name: 'auth-test', prefix: 'authtest', timeoutMs: 5_000, ...options },
    { logger },
  );
  buses.push(bus);
  return { bus, logger };
}

/** Proves the connection is usable for what the controllers do: JetStream KV round trip. */
async function roundTrip(bus: Bus) {
  await ensureTopology(bus);
  const ref = { kind: 'Kustomization', namespace: 'default', name: 'app' };
  await putStatus(bus, ref, { ready: true, reason: 'ReconciliationSucceeded', message: 'ok', observedGeneration: 1 });
  expect(await getStatus(bus, ref)).toMatchObject({ ready: true });
}

describe('connectBus authentication', () => {
  it('connects with user and password, and names a wrong password', async () => {
    const s = await server('authorization { user: "driftless", password: "pa55word" }');
    const { bus, logger } = await connectTo(s, {
      auth: { type: AuthType.UserPassword, user: 'driftless', password: 'pa55word' },
    });
    expect(bus.isConnected()).toBe(true);
    await roundTrip(bus);
    expect(JSON.stringify(logger.records)).not.toContain('pa55word');

    const wrong = connectTo(s, { auth: { type: AuthType.UserPassword, user: 'driftless', password: 'nope' } });
    await expect(wrong).rejects.toThrow(BusConnectionError);
    await expect(wrong).rejects.toThrow(/authorization violation/i);
  });

  it('connects with a token', async () => {
    const s = await server('authorization { token: "t0ken-value" }');
    const { bus } = await connectTo(s, { auth: { type: AuthType.Token, token: 't0ken-value' } });
    await roundTrip(bus);
    await expect(connectTo(s, { auth: { type: AuthType.None } })).rejects.toThrow(/authorization/i);
  });

  it('connects with an NKey seed file', async () => {
    const user = createUser();
    const seedFile = join(dir, 'user.nk');
    await writeFile(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`);
    const s = await server(`authorization { users: [ { nkey: ${user.getPublicKey()} } ] }`);
    const { bus } = await connectTo(s, { auth: { type: AuthType.NKey, seedFile } });
    await roundTrip(bus);

    const other = createUser();
    const otherSeed = join(dir, 'other.nk');
    await writeFile(otherSeed, new TextDecoder().decode(other.getSeed()));
    await expect(connectTo(s, { auth: { type: AuthType.NKey, seedFile: otherSeed } })).rejects.toThrow(
      BusConnectionError,
    );
    await expect(connectTo(s, { auth: { type: AuthType.NKey, seedFile: join(dir, 'missing.nk') } })).rejects.toThrow(
      /cannot read the NATS NKey seed file/,
    );
  });

  it('connects with a creds file in operator mode, JetStream included', async () => {
    const setup = await makeOperatorSetup();
    const credsFile = join(dir, 'user.creds');
    await writeFile(credsFile, setup.creds);
    const s = await server(setup.config);
    const { bus } = await connectTo(s, { auth: { type: AuthType.Creds, credsFile } });
    await roundTrip(bus);
    await expect(connectTo(s, { auth: { type: AuthType.None } })).rejects.toThrow(BusConnectionError);
  });

  it('connects over TLS trusting a custom CA, with a client certificate (mTLS)', async () => {
    const s = await server(
      `tls { cert_file: "${pki.serverCert}", key_file: "${pki.serverKey}", ca_file: "${pki.caFile}", verify: true }`,
    );
    const { bus } = await connectTo(s, {
      tls: { caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey },
    });
    await roundTrip(bus);
  });

  it('rejects a server certificate from an unknown CA with a clear error', async () => {
    const s = await server(`tls { cert_file: "${pki.serverCert}", key_file: "${pki.serverKey}" }`);
    const { bus } = await connectTo(s, { tls: { caFile: pki.caFile } });
    expect(bus.isConnected()).toBe(true);
    const untrusted = connectTo(s, { tls: { caFile: otherPki.caFile } });
    await expect(untrusted).rejects.toThrow(BusConnectionError);
    await expect(untrusted).rejects.toThrow(/certificate/i);
  });
});
