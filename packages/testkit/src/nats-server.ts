import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

export interface NatsServerOptions {
  /** Client port; 0 picks a free one. Pass the port of a stopped server to come back on the same address. */
  port: number;
  /** Turn JetStream on, storing in `<dir>/jetstream`. */
  jetstream: boolean;
  /** Extra nats-server config text appended verbatim (authorization, tls, operator, accounts blocks). */
  config: string;
  /** The binary to run. */
  binary: string;
  /** How long to wait for the server to report healthy. */
  startTimeoutMs: number;
}

export function defaultNatsServerOptions(): NatsServerOptions {
  return { port: 0, jetstream: true, config: '', binary: 'nats-server', startTimeoutMs: 15_000 };
}

export interface NatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Temp dir holding the config and the JetStream store; removed by `stop()`. */
  readonly dir: string;
  readonly storeDir: string;
  /** The output the server logged so far (for assertions and failure messages). */
  logs(): string;
  /** Kills the server and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server and starts it again on the same ports with the same store dir. */
  restart(): Promise<void>;
  /** Kills the server but keeps its store; `restart()` brings it back (an outage of any length). */
  kill(): Promise<void>;
}

export class NatsServerNotInstalledError extends Error {
  constructor(binary: string, options?: ErrorOptions) {
    super(`${binary} is not installed or not on PATH (run npm run setup)`, options);
    this.name = 'NatsServerNotInstalledError';
  }
}

export class NatsServerStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NatsServerStartError';
  }
}

const maxLogChars = 64 * 1024;

export async function startNatsServer(options: Partial<NatsServerOptions> = {}): Promise<NatsServer> {
  const opts = { ...defaultNatsServerOptions(), ...options };
  const dir = await mkdtemp(join(tmpdir(), 'driftless-nats-'));
  const storeDir = join(dir, 'jetstream');
  const configFile = join(dir, 'nats-server.conf');
  let child: ChildProcess | undefined;
  let output = '';
  let stopped = false;

  try {
    const port = opts.port === 0 ? await freePort() : opts.port;
    const monitorPort = await freePort();
    const lines = [`listen: "127.0.0.1:${port}"`, `http: "127.0.0.1:${monitorPort}"`, `server_name: "testkit-${port}"`];
    if (opts.jetstream) lines.push(`jetstream { store_dir: ${JSON.stringify(storeDir)} }`);
    if (opts.config) lines.push(opts.config);
    await writeFile(configFile, `${lines.join('\n')}\n`);

    const launch = async (): Promise<void> => {
      const proc = spawn(opts.binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const append = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-maxLogChars);
      };
      proc.stdout?.on('data', append);
      proc.stderr?.on('data', append);
      await waitHealthy(proc, monitorPort, opts, () => output);
    };

    const kill = async (): Promise<void> => {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    };

    await launch();

    return {
      url: `nats://127.0.0.1:${port}`,
      port,
      dir,
      storeDir,
      logs: () => output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await kill();
        await rm(dir, { recursive: true, force: true });
      },
      async restart() {
        if (stopped) throw new NatsServerStartError('cannot restart a stopped nats-server');
        await kill();
        await launch();
      },
      kill,
    };
  } catch (err) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function waitHealthy(
  proc: ChildProcess,
  monitorPort: number,
  opts: NatsServerOptions,
  logs: () => string,
): Promise<void> {
  let failure: Error | undefined;
  proc.once('error', (err: NodeJS.ErrnoException) => {
    failure = err.code === 'ENOENT' ? new NatsServerNotInstalledError(opts.binary, { cause: err }) : err;
  });
  proc.once('exit', (code, signal) => {
    failure ??= new NatsServerStartError(
      `nats-server exited during start-up (code ${code}, signal ${signal}):\n${logs().slice(-4_000)}`,
    );
  });

  const deadline = Date.now() + opts.startTimeoutMs;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    try {
      const res = await fetch(`http://127.0.0.1:${monitorPort}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  if (failure) throw failure;
  proc.kill('SIGKILL');
  throw new NatsServerStartError(
    `nats-server did not become healthy within ${opts.startTimeoutMs} ms:\n${logs().slice(-4_000)}`,
  );
}
