import { spawn } from 'node:child_process';
import { appendFile, lstat, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWorkTree,
  type GitServer,
  runGit,
  type SshServer,
  startGitServer,
  startSshServer,
  type WorkTree,
} from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitAuthenticationError, GitCredentialsError } from '../src/git-errors.js';
import { checkout, type GitSourceOptions, resolveRemote } from '../src/git-source.js';

let sshd: SshServer;
let root: string;
let repo: string;
let work: WorkTree;
let tagged: string;
const temps: string[] = [];

async function temp(prefix = 'driftless-git-ssh-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  root = await temp();
  repo = join(root, 'app.git');
  await runGit(['init', '--quiet', '--bare', '--initial-branch=main', repo]);
  work = await createWorkTree({ origin: repo });
  await work.write('deploy/app.yaml', 'replicas: 1\n');
  tagged = await work.commit('ssh first');
  await work.tag('v0.1.0', { annotated: true });
  await work.push('main', '--tags');
  sshd = await startSshServer();
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await work?.cleanup();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function options(overrides: Partial<GitSourceOptions> = {}): Promise<GitSourceOptions & { dir: string }> {
  return {
    url: sshd.url(repo),
    reference: { branch: 'main' },
    credentials: { identity: sshd.clientIdentity, knownHosts: sshd.knownHosts },
    cacheDir: join(await temp(), 'cache'),
    signal: AbortSignal.timeout(30_000),
    maxSizeBytes: 1024 * 1024,
    recurseSubmodules: false,
    dir: await temp('driftless-git-out-'),
    ...overrides,
  };
}

describe('SSH through the system git', () => {
  it('resolves and checks out with identity and known_hosts, peeling annotated tags', async () => {
    const opts = await options();
    expect((await resolveRemote(opts)).revision).toBe(`main@sha1:${tagged}`);
    const result = await checkout(opts);
    expect(result).toMatchObject({ revision: `main@sha1:${tagged}`, subject: 'ssh first' });
    expect(await readFile(join(opts.dir, 'deploy/app.yaml'), 'utf8')).toBe('replicas: 1\n');
    expect(await readdir(opts.dir)).toEqual(['deploy']);
    const tag = await checkout(await options({ reference: { tag: 'v0.1.0' } }));
    expect(tag.revision).toBe(`v0.1.0@sha1:${tagged}`);
  });

  it('re-uses the cache for an unchanged remote and fetches a new commit', async () => {
    const opts = await options();
    await checkout(opts);
    const have = join(opts.cacheDir, 'repo', 'refs', 'driftless', 'have');
    const fetchedAt = (await stat(have)).mtimeMs;
    const again = await checkout({ ...opts, dir: await temp('driftless-git-out-') });
    expect(again.revision).toBe(`main@sha1:${tagged}`);
    expect((await stat(have)).mtimeMs).toBe(fetchedAt);

    await work.write('deploy/app.yaml', 'replicas: 3\n');
    const next = await work.commit('ssh second');
    await work.push();
    try {
      const dir = await temp('driftless-git-out-');
      expect((await checkout({ ...opts, dir })).revision).toBe(`main@sha1:${next}`);
      expect(await readFile(join(dir, 'deploy/app.yaml'), 'utf8')).toBe('replicas: 3\n');
    } finally {
      await work.run(['push', '--quiet', '--force', 'origin', `${tagged}:refs/heads/main`]);
    }
  });

  it('fails with GitAuthenticationError when known_hosts holds another key, without leaking the key', async () => {
    const other = `[127.0.0.1]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl`;
    const opts = await options({ credentials: { identity: sshd.clientIdentity, knownHosts: other } });
    const error = await checkout(opts).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GitAuthenticationError);
    expect((error as Error).message).toMatch(/host key/i);
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect(await readdir(opts.dir)).toEqual([]);
  });

  it('requires known_hosts and identity (AuthenticationFailed), as Flux does', async () => {
    const noKnownHosts = await resolveRemote(await options({ credentials: { identity: sshd.clientIdentity } })).catch(
      (err: unknown) => err,
    );
    expect(noKnownHosts).toBeInstanceOf(GitCredentialsError);
    expect((noKnownHosts as GitCredentialsError).reason).toBe('AuthenticationFailed');
    const noIdentity = checkout(await options({ credentials: { knownHosts: sshd.knownHosts } }));
    await expect(noIdentity).rejects.toBeInstanceOf(GitCredentialsError);
  });

  it('unlocks an encrypted identity with the secret password', async () => {
    const keyDir = await temp();
    const key = join(keyDir, 'id');
    await keygen(key, 'key-passphrase');
    await appendFile(join(sshd.dir, 'authorized_keys'), await readFile(`${key}.pub`, 'utf8'));
    const identity = await readFile(key, 'utf8');
    const ok = await resolveRemote(
      await options({ credentials: { identity, password: 'key-passphrase', knownHosts: sshd.knownHosts } }),
    );
    expect(ok.revision).toBe(`main@sha1:${tagged}`);
    const wrong = resolveRemote(
      await options({ credentials: { identity, password: 'nope', knownHosts: sshd.knownHosts } }),
    );
    await expect(wrong).rejects.toBeInstanceOf(GitAuthenticationError);
  });
});

describe('submodules', () => {
  let server: GitServer;
  let lib: WorkTree;
  let parent: WorkTree;
  const credentials = { username: 'flux', password: 'sub-secret' };
  const header = `Authorization: Basic ${Buffer.from('flux:sub-secret').toString('base64')}`;

  beforeAll(async () => {
    server = await startGitServer({ auth: credentials });
    await server.createRepo('lib');
    await server.createRepo('parent');
    lib = await createWorkTree({ origin: server.repoUrl('lib'), config: { 'http.extraHeader': header } });
    await lib.write('lib.txt', 'library\n');
    await lib.commit('lib');
    await lib.push();
    parent = await createWorkTree({ origin: server.repoUrl('parent'), config: { 'http.extraHeader': header } });
    await parent.write('app.txt', 'app\n');
    await parent.run(['submodule', '--quiet', 'add', '../lib.git', 'vendor/lib']);
    await parent.commit('with submodule');
    await parent.push();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await lib?.cleanup();
    await parent?.cleanup();
  });

  it('checks out submodules recursively with the same credentials, without any .git', async () => {
    const opts = await options({ url: server.repoUrl('parent'), credentials, recurseSubmodules: true });
    const result = await checkout(opts);
    expect(result.revision).toBe(`main@sha1:${await parent.head()}`);
    expect(await readFile(join(opts.dir, 'vendor/lib/lib.txt'), 'utf8')).toBe('library\n');
    expect(await readdir(join(opts.dir, 'vendor/lib'))).toEqual(['lib.txt']);
    expect((await readdir(opts.dir)).sort()).toEqual(['.gitmodules', 'app.txt', 'vendor']);
    await expect(lstat(join(opts.dir, '.git'))).rejects.toThrow();
  });

  it('leaves the submodule dir empty without recurseSubmodules, and fails with wrong credentials', async () => {
    const opts = await options({ url: server.repoUrl('parent'), credentials, recurseSubmodules: false });
    await checkout(opts);
    expect(await readdir(join(opts.dir, 'vendor/lib'))).toEqual([]);
    const wrong = await options({
      url: server.repoUrl('parent'),
      credentials: { username: 'flux', password: 'bad' },
      recurseSubmodules: true,
    });
    await expect(checkout(wrong)).rejects.toBeInstanceOf(GitAuthenticationError);
  });
});

function keygen(file: string, passphrase: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh-keygen exit ${code}`))));
  });
}
