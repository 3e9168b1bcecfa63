import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat, symlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSelfSignedCert,
  createWorkTree,
  eventually,
  freePort,
  type GitServer,
  startGitServer,
  type WorkTree,
} from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitCredentials } from '../src/git-credentials.js';
import {
  GitAuthenticationError,
  GitInvalidReferenceError,
  GitReferenceNotFoundError,
  GitSizeLimitError,
  GitTimeoutError,
  GitUnreachableError,
} from '../src/git-errors.js';
import { checkout, type GitReference, type GitSourceOptions, resolveRemote } from '../src/git-source.js';

const password = 's3cret-pass';
const token = 't0ken-value';
let server: GitServer;
let basicServer: GitServer;
let bearerServer: GitServer;
let tlsServer: GitServer;
let caCert: string;
let work: WorkTree;
const temps: string[] = [];
const commits: Record<string, string> = {};

async function temp(prefix = 'driftless-git-src-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  server = await startGitServer();
  await server.createRepo('app');
  await server.createRepo('legacy');
  work = await createWorkTree({ origin: server.repoUrl('app') });
  await work.write('README.md', 'v1\n');
  await work.write('bin/run.sh', '#!/bin/sh\necho run\n');
  await work.run(['update-index', '--chmod=+x', 'bin/run.sh']);
  await symlink('README.md', join(work.dir, 'readme-link'));
  await work.run(['add', 'readme-link']);
  await work.write('deep/a/b/c.txt', 'nested\n');
  commits.first = await work.commit('first commit\n\nwith a body');
  await work.tag('v1.0.0');
  await work.write('README.md', 'v1.1\n');
  commits.second = await work.commit('second commit');
  await work.tag('v1.1.0', { annotated: true, message: 'release 1.1.0' });
  await work.tag('v2.0.0-rc.1');
  await work.tag('not-semver');
  await work.push('main', '--tags');
  await work.branch('feature');
  await work.write('feature.txt', 'feature\n');
  commits.feature = await work.commit('feature commit');
  await work.push('feature', 'HEAD:refs/pull/1/head');
  await work.checkout('main');
  await work.run(['push', '--quiet', server.repoUrl('legacy'), 'main:master']);

  const cert = await createSelfSignedCert();
  caCert = cert.cert;
  basicServer = await startGitServer({ root: server.root, auth: { username: 'flux', password } });
  bearerServer = await startGitServer({ root: server.root, auth: { token } });
  tlsServer = await startGitServer({ root: server.root, tls: cert });
}, 60_000);

afterAll(async () => {
  await Promise.all([server, basicServer, bearerServer, tlsServer].map((s) => s?.stop()));
  await work?.cleanup();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function options(overrides: Partial<GitSourceOptions> = {}): Promise<GitSourceOptions & { dir: string }> {
  return {
    url: server.repoUrl('app'),
    reference: { branch: 'main' },
    credentials: {},
    cacheDir: join(await temp(), 'cache'),
    signal: AbortSignal.timeout(30_000),
    maxSizeBytes: 10 * 1024 * 1024,
    recurseSubmodules: false,
    dir: await temp('driftless-git-out-'),
    ...overrides,
  };
}

async function tagObject(tag: string): Promise<string> {
  return (await work.run(['rev-parse', `refs/tags/${tag}`])).trim();
}

describe('resolveRemote and checkout over HTTP', () => {
  const cases: [string, () => GitReference | undefined, () => string, string][] = [
    ['branch', () => ({ branch: 'main' }), () => `main@sha1:${commits.second}`, 'v1.1\n'],
    ['lightweight tag', () => ({ tag: 'v1.0.0' }), () => `v1.0.0@sha1:${commits.first}`, 'v1\n'],
    ['annotated tag (peeled)', () => ({ tag: 'v1.1.0' }), () => `v1.1.0@sha1:${commits.second}`, 'v1.1\n'],
    ['semver (highest match)', () => ({ semver: '>=1.0.0 <2.0.0' }), () => `v1.1.0@sha1:${commits.second}`, 'v1.1\n'],
    ['semver over a tag', () => ({ semver: '1.0.x', tag: 'v1.1.0' }), () => `v1.0.0@sha1:${commits.first}`, 'v1\n'],
    ['name', () => ({ name: 'refs/pull/1/head' }), () => `refs/pull/1/head@sha1:${commits.feature}`, 'v1.1\n'],
    ['commit alone', () => ({ commit: commits.first }), () => `sha1:${commits.first}`, 'v1\n'],
    [
      'commit with branch',
      () => ({ branch: 'main', commit: commits.first }),
      () => `main@sha1:${commits.first}`,
      'v1\n',
    ],
  ];

  it.each(cases)('%s', async (_kind, reference, revision, readme) => {
    const opts = await options({ reference: reference() });
    const resolved = await resolveRemote(opts);
    expect(resolved.revision).toBe(revision());
    const checkedOut = await checkout(opts);
    expect(checkedOut.revision).toBe(revision());
    expect(checkedOut.hash).toBe(revision().split('sha1:')[1]);
    expect(await readFile(join(opts.dir, 'README.md'), 'utf8')).toBe(readme);
  });

  it('peels the annotated tag: the revision names the commit, not the tag object', async () => {
    expect(await tagObject('v1.1.0')).not.toBe(commits.second);
    const resolved = await resolveRemote(await options({ reference: { tag: 'v1.1.0' } }));
    expect(resolved.hash).toBe(commits.second);
  });

  it('writes the tree faithfully: exec bit, symlink, nested dirs, no .git; returns the message', async () => {
    const opts = await options({ reference: { tag: 'v1.0.0' } });
    const result = await checkout(opts);
    expect(result.subject).toBe('first commit');
    expect(result.message).toBe('first commit\n\nwith a body');
    expect((await stat(join(opts.dir, 'bin/run.sh'))).mode & 0o111).not.toBe(0);
    expect((await stat(join(opts.dir, 'README.md'))).mode & 0o111).toBe(0);
    expect((await lstat(join(opts.dir, 'readme-link'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(opts.dir, 'readme-link'))).toBe('README.md');
    expect(await readFile(join(opts.dir, 'deep/a/b/c.txt'), 'utf8')).toBe('nested\n');
    expect((await readdir(opts.dir)).sort()).toEqual(['README.md', 'bin', 'deep', 'readme-link']);
  });

  it("defaults to Flux's master branch when no reference is given", async () => {
    const legacy = await resolveRemote(await options({ url: server.repoUrl('legacy'), reference: undefined }));
    expect(legacy.revision).toBe(`master@sha1:${commits.second}`);
    await expect(resolveRemote(await options({ reference: undefined }))).rejects.toBeInstanceOf(
      GitReferenceNotFoundError,
    );
  });

  it.each([
    ['unknown branch', { branch: 'nope' }],
    ['unknown tag', { tag: 'v9.9.9' }],
    ['semver without a match', { semver: '>=3.0.0' }],
    ['unknown ref name', { name: 'refs/pull/2/head' }],
  ] as [string, GitReference][])('%s is GitReferenceNotFoundError', async (_kind, reference) => {
    const error = await resolveRemote(await options({ reference })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GitReferenceNotFoundError);
    expect((error as GitReferenceNotFoundError).reason).toBe('GitOperationFailed');
  });

  it('rejects an invalid semver range and a short commit as GitInvalidReferenceError', async () => {
    await expect(resolveRemote(await options({ reference: { semver: 'not a range!' } }))).rejects.toBeInstanceOf(
      GitInvalidReferenceError,
    );
    await expect(resolveRemote(await options({ reference: { commit: 'abc123' } }))).rejects.toBeInstanceOf(
      GitInvalidReferenceError,
    );
  });

  it('fails a checkout of a commit that is not on the branch', async () => {
    const opts = await options({ reference: { branch: 'main', commit: commits.feature } });
    await expect(checkout(opts)).rejects.toBeInstanceOf(GitReferenceNotFoundError);
    expect(await readdir(opts.dir)).toEqual([]);
  });
});

describe('authentication and TLS', () => {
  const basic: GitCredentials = { username: 'flux', password };

  it('authenticates with basic auth and with a bearer token', async () => {
    const viaBasic = await checkout(await options({ url: basicServer.repoUrl('app'), credentials: basic }));
    expect(viaBasic.revision).toBe(`main@sha1:${commits.second}`);
    const viaToken = await checkout(
      await options({ url: bearerServer.repoUrl('app'), credentials: { bearerToken: token } }),
    );
    expect(viaToken.revision).toBe(`main@sha1:${commits.second}`);
  });

  it('uses the URL userinfo when the secret has no username/password (Flux)', async () => {
    const url = basicServer.repoUrl('app').replace('http://', `http://flux:${password}@`);
    expect((await resolveRemote(await options({ url }))).revision).toBe(`main@sha1:${commits.second}`);
  });

  it('maps a wrong password or token to GitAuthenticationError without leaking it', async () => {
    const wrong = await resolveRemote(
      await options({ url: basicServer.repoUrl('app'), credentials: { username: 'flux', password: 'wrong-pass' } }),
    ).catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(GitAuthenticationError);
    expect(String((wrong as Error).message)).not.toContain('wrong-pass');
    const inUrl = basicServer.repoUrl('app').replace('http://', 'http://flux:leaky-pass@');
    const leaky = await checkout(await options({ url: inUrl })).catch((err: unknown) => err);
    expect(leaky).toBeInstanceOf(GitAuthenticationError);
    expect(String((leaky as Error).message)).not.toContain('leaky-pass');
    const badToken = resolveRemote(
      await options({ url: bearerServer.repoUrl('app'), credentials: { bearerToken: 'x' } }),
    );
    await expect(badToken).rejects.toBeInstanceOf(GitAuthenticationError);
  });

  it('trusts a custom CA (ca.crt) over HTTPS and fails without it', async () => {
    const ok = await checkout(await options({ url: tlsServer.repoUrl('app'), credentials: { caCert } }));
    expect(ok.revision).toBe(`main@sha1:${commits.second}`);
    const untrusted = resolveRemote(await options({ url: tlsServer.repoUrl('app') }));
    await expect(untrusted).rejects.toBeInstanceOf(GitUnreachableError);
  });
});

describe('failures while talking to the server', () => {
  it('maps a closed port to GitUnreachableError', async () => {
    const port = await freePort();
    const opts = await options({ url: `http://127.0.0.1:${port}/app.git` });
    await expect(resolveRemote(opts)).rejects.toBeInstanceOf(GitUnreachableError);
    await expect(checkout(opts)).rejects.toBeInstanceOf(GitUnreachableError);
  });

  it('maps an expired signal against a silent server to GitTimeoutError and drops the connection', async () => {
    const sockets = new Set<Socket>();
    let accepted = 0;
    const silent: Server = createServer((socket) => {
      accepted++;
      sockets.add(socket);
      // Read (and ignore) the request, so the client's FIN is seen.
      socket.resume();
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const url = `http://127.0.0.1:${port}/app.git`;
      const resolving = resolveRemote(await options({ url, signal: AbortSignal.timeout(300) }));
      await expect(resolving).rejects.toBeInstanceOf(GitTimeoutError);
      const checkingOut = checkout(await options({ url, signal: AbortSignal.timeout(300) }));
      await expect(checkingOut).rejects.toBeInstanceOf(GitTimeoutError);
      expect(accepted).toBe(2);
      await eventually(() => sockets.size === 0, { timeoutMs: 5_000 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('stops at the size limit with GitSizeLimitError and leaves dir empty', async () => {
    const opts = await options({ maxSizeBytes: 8 });
    const error = await checkout(opts).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GitSizeLimitError);
    expect(await readdir(opts.dir)).toEqual([]);
    const fits = await checkout({ ...(await options()), maxSizeBytes: 1024 });
    expect(fits.revision).toBe(`main@sha1:${commits.second}`);
  });
});

describe('cache', () => {
  it('costs one ref listing for an unchanged remote and fetches a new commit incrementally', async () => {
    await server.createRepo('cached');
    const cachedWork = await createWorkTree({ origin: server.repoUrl('cached') });
    try {
      await cachedWork.write('big.bin', randomBytes(512 * 1024));
      await cachedWork.write('app.yaml', manifest(1));
      await cachedWork.commit('big');
      await cachedWork.push();
      const base = await options({ url: server.repoUrl('cached') });
      const packs = () => packSizes(join(base.cacheDir, 'repo'));
      const total = async () => [...(await packs()).values()].reduce((a, b) => a + b, 0);

      server.clearRequests();
      const first = await checkout(base);
      expect(server.requests().filter((r) => r.path.endsWith('/git-upload-pack'))).toHaveLength(1);
      expect(await total()).toBeGreaterThan(512 * 1024);

      server.clearRequests();
      expect((await resolveRemote(base)).revision).toBe(first.revision);
      const again = await checkout({ ...base, dir: await temp('driftless-git-out-') });
      expect(again.revision).toBe(first.revision);
      expect(server.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /cached.git/info/refs',
        'GET /cached.git/info/refs',
      ]);

      await cachedWork.write('app.yaml', manifest(2));
      const next = await cachedWork.commit('scale');
      await cachedWork.push();
      const packsBefore = await packs();
      const dir = await temp('driftless-git-out-');
      const updated = await checkout({ ...base, dir });
      expect(updated.revision).toBe(`main@sha1:${next}`);
      // app.yaml likely came as a delta against the cached version (thin pack): its content proves it resolved.
      expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toBe(manifest(2));
      const newPacks = [...(await packs())].filter(([name]) => !packsBefore.has(name));
      expect(newPacks).toHaveLength(1);
      expect(newPacks[0][1]).toBeLessThan(64 * 1024);
    } finally {
      await cachedWork.cleanup();
    }
  });
});

/** A manifest long enough for git to send the changed version as a delta. */
function manifest(replicas: number): string {
  const lines = Array.from({ length: 400 }, (_, i) => `  label${i}: value-${i}`);
  return `replicas: ${replicas}\nlabels:\n${lines.join('\n')}\n`;
}

/** Pack file name → size, for the packs in a git dir. */
async function packSizes(gitdir: string): Promise<Map<string, number>> {
  const packDir = join(gitdir, 'objects', 'pack');
  const names = (await readdir(packDir)).filter((name) => name.endsWith('.pack'));
  return new Map(await Promise.all(names.map(async (name) => [name, (await stat(join(packDir, name))).size] as const)));
}
