import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkTree,
  GitCommandError,
  runGit,
  type SshServer,
  startSshServer,
  type WorkTree,
} from '../src/index.js';

let server: SshServer;
let dir: string;
let work: WorkTree;
let repo: string;
let head: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftless-sshd-test-'));
  repo = join(dir, 'app.git');
  await runGit(['init', '--quiet', '--bare', '--initial-branch=main', repo]);
  work = await createWorkTree({ origin: repo });
  await work.write('README.md', 'hello over ssh\n');
  head = await work.commit('first');
  await work.push();
  server = await startSshServer();
});

afterAll(async () => {
  await server?.stop();
  await work?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Writes the identity and known_hosts into `dir` and returns the GIT_SSH_COMMAND env for them. */
async function sshEnv(knownHosts: string, name: string): Promise<Record<string, string>> {
  const identity = join(dir, `${name}.key`);
  const knownHostsFile = join(dir, `${name}.known_hosts`);
  await writeFile(identity, server.clientIdentity, { mode: 0o600 });
  await writeFile(knownHostsFile, `${knownHosts}\n`);
  const command = [
    'ssh',
    `-i ${identity}`,
    `-o UserKnownHostsFile=${knownHostsFile}`,
    '-o StrictHostKeyChecking=yes',
    '-o IdentitiesOnly=yes',
    '-o BatchMode=yes',
  ].join(' ');
  return { GIT_SSH_COMMAND: command };
}

describe('startSshServer', () => {
  it('serves a repo by absolute path to git ls-remote with the client key and known_hosts', async () => {
    expect(server.url(repo)).toBe(`ssh://${server.user}@127.0.0.1:${server.port}${repo}`);
    expect(server.knownHosts).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${server.port} ssh-ed25519 AAAA\\S+$`));
    expect(server.clientIdentity).toContain('BEGIN OPENSSH PRIVATE KEY');

    const env = await sshEnv(server.knownHosts, 'good');
    const { stdout } = await runGit(['ls-remote', server.url(repo)], { env });
    expect(stdout).toContain(`${head}\trefs/heads/main`);
    expect(stdout).toContain(`${head}\tHEAD`);
  });

  it('lets git clone over ssh', async () => {
    const env = await sshEnv(server.knownHosts, 'clone');
    const target = join(dir, 'clone');
    await runGit(['clone', '--quiet', server.url(repo), target], { env });
    expect(await readFile(join(target, 'README.md'), 'utf8')).toBe('hello over ssh\n');
  });

  it('is refused by a client whose known_hosts holds another key', async () => {
    const other = `[127.0.0.1]:${server.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl`;
    const env = await sshEnv(other, 'wrong-host');
    const error = await runGit(['ls-remote', server.url(repo)], { env }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).stderr).toMatch(/host key|HOST IDENTIFICATION/i);
  });

  it('rejects a client key it does not know', async () => {
    const stranger = await startSshServer();
    try {
      // The other server's client key is not in this server's authorized_keys.
      const identity = join(dir, 'stranger.key');
      await writeFile(identity, stranger.clientIdentity, { mode: 0o600 });
      const knownHostsFile = join(dir, 'stranger.known_hosts');
      await writeFile(knownHostsFile, `${server.knownHosts}\n`);
      const env = {
        GIT_SSH_COMMAND: `ssh -i ${identity} -o UserKnownHostsFile=${knownHostsFile} -o IdentitiesOnly=yes -o BatchMode=yes`,
      };
      const error = await runGit(['ls-remote', server.url(repo)], { env }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitCommandError);
      expect((error as GitCommandError).stderr).toMatch(/Permission denied/);
    } finally {
      await stranger.stop();
    }
  });

  it('stop() closes the port and removes its temp files, and is safe twice', async () => {
    const extra = await startSshServer();
    const port = extra.port;
    expect(existsSync(join(extra.dir, 'sshd_config'))).toBe(true);
    await extra.stop();
    await extra.stop();
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(existsSync(extra.dir)).toBe(false);
  });
});
