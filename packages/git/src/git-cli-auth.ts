import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitCredentials } from './git-credentials.js';
import { GitCredentialsError } from './git-errors.js';
import { GitTransport, type GitUrl } from './git-url.js';

/** Environment that authenticates the system git, plus the secrets that must be scrubbed from its output. */
export interface GitCliAuth {
  env: Record<string, string>;
  secrets: (string | undefined)[];
  /** A private (0700) temp dir the caller may use as git's cwd/HOME; removed after `fn`. */
  dir: string;
}

/**
 * Runs `fn` with git authenticated for `url`: SSH through GIT_SSH_COMMAND with the identity and
 * known_hosts in a private temp dir; HTTP(S) through `http.<origin>/.extraHeader` and
 * `.sslCAInfo` set via GIT_CONFIG_* variables (never argv), so only the same origin gets them.
 */
export async function withGitCliAuth<T>(
  url: GitUrl,
  credentials: GitCredentials,
  fn: (auth: GitCliAuth) => Promise<T>,
): Promise<T> {
  if (url.transport === GitTransport.Ssh) assertSshCredentials(credentials);
  const dir = await mkdtemp(join(tmpdir(), 'driftless-git-auth-'));
  try {
    await chmod(dir, 0o700);
    const auth =
      url.transport === GitTransport.Ssh ? await sshAuth(dir, credentials) : await httpAuth(dir, url, credentials);
    return await fn(auth);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Flux requires both `identity` and `known_hosts` for SSH (fluxcd/pkg git.AuthOptions.Validate). */
export function assertSshCredentials(credentials: GitCredentials): void {
  if (credentials.identity === undefined) {
    throw new GitCredentialsError("invalid 'ssh' auth option: 'identity' is required");
  }
  if (credentials.knownHosts === undefined) {
    throw new GitCredentialsError("invalid 'ssh' auth option: 'known_hosts' is required");
  }
}

async function sshAuth(dir: string, credentials: GitCredentials): Promise<GitCliAuth> {
  const identity = join(dir, 'identity');
  const knownHosts = join(dir, 'known_hosts');
  const key = credentials.identity ?? '';
  await writeFile(identity, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
  await writeFile(knownHosts, `${credentials.knownHosts ?? ''}\n`, { mode: 0o600 });
  const options = [
    '-F /dev/null',
    `-i ${shellQuote(identity)}`,
    `-o UserKnownHostsFile=${shellQuote(knownHosts)}`,
    '-o GlobalKnownHostsFile=/dev/null',
    '-o StrictHostKeyChecking=yes',
    '-o IdentitiesOnly=yes',
    '-o PasswordAuthentication=no',
    '-o KbdInteractiveAuthentication=no',
    '-o ConnectTimeout=30',
  ];
  const env: Record<string, string> = {};
  if (credentials.password === undefined) {
    options.push('-o BatchMode=yes');
  } else {
    // An encrypted key: ssh asks SSH_ASKPASS for the passphrase (BatchMode would forbid that).
    const passphrase = join(dir, 'passphrase');
    const askpass = join(dir, 'askpass.sh');
    await writeFile(passphrase, credentials.password, { mode: 0o600 });
    await writeFile(askpass, `#!/bin/sh\ncat ${shellQuote(passphrase)}\n`, { mode: 0o700 });
    options.push('-o NumberOfPasswordPrompts=1');
    Object.assign(env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'none' });
  }
  env.GIT_SSH_COMMAND = `ssh ${options.join(' ')}`;
  return { env, secrets: [credentials.password], dir };
}

async function httpAuth(dir: string, url: GitUrl, credentials: GitCredentials): Promise<GitCliAuth> {
  const origin = `${new URL(url.url).origin}/`;
  const config: [string, string][] = [];
  const header = authorizationHeader(url, credentials);
  if (header !== undefined) config.push([`http.${origin}.extraHeader`, `Authorization: ${header}`]);
  if (credentials.caCert !== undefined) {
    const caFile = join(dir, 'ca.crt');
    await writeFile(caFile, credentials.caCert, { mode: 0o600 });
    config.push([`http.${origin}.sslCAInfo`, caFile]);
  }
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(config.length) };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return { env, secrets: [credentials.password, credentials.bearerToken, url.password, header], dir };
}

/**
 * The Authorization header for HTTP(S): `bearerToken` wins; else basic auth from the secret, with
 * the URL's userinfo as fallback (fluxcd/pkg git.NewAuthOptions).
 */
export function authorizationHeader(url: GitUrl, credentials: GitCredentials): string | undefined {
  if (credentials.bearerToken !== undefined) return `Bearer ${credentials.bearerToken}`;
  const username = credentials.username ?? url.username;
  const password = credentials.password ?? url.password;
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined)
    throw new GitCredentialsError("invalid auth option: 'password' requires 'username' to be set");
  return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
