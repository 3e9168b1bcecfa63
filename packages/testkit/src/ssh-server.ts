import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

export interface SshServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The sshd binary (an absolute path: sshd refuses to re-exec otherwise). */
  binary: string;
  /** The ssh-keygen binary used for the host and client keys. */
  keygenBinary: string;
  /** How long to wait for sshd to greet a TCP client. */
  startTimeoutMs: number;
}

export function defaultSshServerOptions(): SshServerOptions {
  return { port: 0, binary: '/usr/sbin/sshd', keygenBinary: 'ssh-keygen', startTimeoutMs: 10_000 };
}

export interface SshServer {
  readonly host: string;
  readonly port: number;
  /** The OS user the client logs in as. */
  readonly user: string;
  /** `ssh://<user>@127.0.0.1:<port><absolutePath>` */
  url(absolutePath: string): string;
  /** A known_hosts line for the server's host key (`[127.0.0.1]:<port> ssh-ed25519 AAAA…`). */
  readonly knownHosts: string;
  /** OpenSSH private key (PEM) the server accepts. */
  readonly clientIdentity: string;
  /** Temp dir holding the config, keys and pid file; removed by `stop()`. */
  readonly dir: string;
  /** The public half of `clientIdentity` (`ssh-ed25519 AAAA… comment`). */
  readonly clientPublicKey: string;
  /** What sshd logged so far (`-e`), for assertions and failure messages. */
  logs(): string;
  /** Closes sshd and removes its temp files. Safe to call twice. */
  stop(): Promise<void>;
}

export class SshServerStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SshServerStartError';
  }
}

const maxLogChars = 64 * 1024;
const host = '127.0.0.1';

/**
 * Starts the real OpenSSH sshd on 127.0.0.1 as the current user with a throw-away config, host key
 * and client key. Git repos are served by absolute path (the server side runs the system git).
 */
export async function startSshServer(options: Partial<SshServerOptions> = {}): Promise<SshServer> {
  const opts = { ...defaultSshServerOptions(), ...options };
  const dir = await mkdtemp(join(tmpdir(), 'driftless-sshd-'));
  const user = userInfo().username;
  let child: ChildProcess | undefined;
  let output = '';
  let stopped = false;

  try {
    // sshd's privilege separation needs this (empty) chroot dir to exist.
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const hostKey = join(dir, 'host_ed25519');
    const clientKey = join(dir, 'client_ed25519');
    await keygen(opts.keygenBinary, hostKey, 'driftless-sshd-host');
    await keygen(opts.keygenBinary, clientKey, 'driftless-sshd-client');
    const clientPublicKey = (await readFile(`${clientKey}.pub`, 'utf8')).trim();
    const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
    await writeFile(join(dir, 'authorized_keys'), `${clientPublicKey}\n`, { mode: 0o600 });

    const port = opts.port === 0 ? await freePort() : opts.port;
    const configFile = join(dir, 'sshd_config');
    await writeFile(configFile, sshdConfig(dir, port, hostKey, user));

    const proc = spawn(opts.binary, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-maxLogChars);
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    await waitForGreeting(proc, port, opts, () => output);

    return {
      host,
      port,
      user,
      dir,
      url: (absolutePath) => `ssh://${user}@${host}:${port}${absolutePath}`,
      knownHosts: `[${host}]:${port} ${hostPublicKey}`,
      clientIdentity: await readFile(clientKey, 'utf8'),
      clientPublicKey,
      logs: () => output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await kill(proc);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) await kill(child);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function sshdConfig(dir: string, port: number, hostKey: string, user: string): string {
  return [
    `Port ${port}`,
    `ListenAddress ${host}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `AllowUsers ${user}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'PrintMotd no',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

function keygen(binary: string, file: string, comment: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', (err) => reject(new SshServerStartError(`${binary} could not run`, { cause: err })));
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new SshServerStartError(`${binary} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

async function waitForGreeting(
  proc: ChildProcess,
  port: number,
  opts: SshServerOptions,
  logs: () => string,
): Promise<void> {
  let failure: Error | undefined;
  proc.once('error', (err) => {
    failure = new SshServerStartError(`${opts.binary} could not run`, { cause: err });
  });
  proc.once('exit', (code, signal) => {
    failure ??= new SshServerStartError(
      `sshd exited during start-up (code ${code}, signal ${signal}):\n${logs().slice(-4_000)}`,
    );
  });
  const deadline = Date.now() + opts.startTimeoutMs;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    if (await greets(port)) return;
    await sleep(50);
  }
  throw failure ?? new SshServerStartError(`sshd did not greet on ${host}:${port} within ${opts.startTimeoutMs} ms`);
}

/** True when something on the port sends an SSH identification line. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = '';
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\n')) done(received.startsWith('SSH-'));
    });
    socket.once('end', () => done(false));
  });
}

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
